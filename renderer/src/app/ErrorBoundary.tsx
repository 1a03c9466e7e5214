/** Keeps one broken panel from taking the workspace (and the call) down with it. */
import { Component, type ReactNode } from 'react';
import { withTranslation, type WithTranslation } from 'react-i18next';

interface Props extends WithTranslation {
  children: ReactNode;
  area: string;
}

class Boundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // No message or stack: either may carry patient data. The area name is ours.
    console.error(`[carefront] panel "${this.props.area}" failed: ${error instanceof Error ? error.name : typeof error}`);
  }

  override render() {
    const { t } = this.props;
    if (!this.state.failed) return this.props.children;
    return (
      <div className="panel-error" role="alert">
        <h2>{t('errorBoundary.title')}</h2>
        <p>{t('errorBoundary.body')}</p>
        <button
          type="button"
          onClick={() => {
            this.setState({ failed: false });
          }}
        >
          {t('errorBoundary.reload')}
        </button>
      </div>
    );
  }
}

export const ErrorBoundary = withTranslation()(Boundary);
