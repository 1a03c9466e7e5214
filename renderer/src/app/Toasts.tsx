import { useTranslation } from 'react-i18next';
import { useToasts } from './toasts';

export function Toasts() {
  const { t } = useTranslation();
  const { toasts, dismiss } = useToasts();
  return (
    <section className="toasts" aria-label={t('toast.region')} aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
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
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
