/**
 * The toasts, stacked in the end corner at the foot of the window, out of the way of the work: the newest
 * `TOASTS_SHOWN` at most (the store keeps no more), errors announced at once (assertive), notices when the
 * screen reader is free (polite). Each is dismissed with its button, or with Escape while the focus is on it.
 */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useToasts, type Toast } from './toasts';

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToasts((s) => s.toasts);
  return (
    <section className="toasts" aria-label={t('toast.region')}>
      <div className="toast-stack" role="alert" aria-live="assertive" aria-atomic="false" aria-relevant="additions" data-testid="toasts-assertive">
        {toasts
          .filter((x) => x.kind === 'error')
          .map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
      </div>
      <div className="toast-stack" role="status" aria-live="polite" aria-atomic="false" aria-relevant="additions" data-testid="toasts-polite">
        {toasts
          .filter((x) => x.kind !== 'error')
          .map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
      </div>
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const dismiss = useToasts((s) => s.dismiss);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    dismiss(toast.id);
  };
  return (
    <div className={`toast toast-${toast.kind}`} data-testid="toast" onKeyDown={onKeyDown}>
      <span>
        {toast.errorCode
          ? t(`errors.${toast.errorCode}`)
          : toast.writeFailed
            ? t('ehrWrite.failed', { kind: t(`ehrWrite.kinds.${toast.writeFailed.kind ?? 'other'}`), reason: t(`errors.${toast.writeFailed.code}`) })
            : toast.text}
      </span>
      <button
        type="button"
        className="toast-dismiss"
        onClick={() => {
          dismiss(toast.id);
        }}
        aria-label={t('toast.dismiss')}
        aria-keyshortcuts="Escape"
      >
        ×
      </button>
    </div>
  );
}
