/**
 * The SIP account form. Validated in main (the same schema); errors come back per field. The saved
 * password never comes back to the page: leaving it empty is refused, so it is always entered anew.
 */
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CarefrontError } from '../../../../shared/errors';
import { toastIfRejected, useToasts } from '../../app/toasts';
import { usePhone } from './store';

const FIELDS = ['uri', 'authUser', 'password', 'server', 'outboundProxy', 'displayName'] as const;
type Field = (typeof FIELDS)[number];

export function PhoneSettings({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({ uri: '', authUser: '', password: '', server: 'wss://', outboundProxy: '', displayName: '' });
  const [error, setError] = useState<CarefrontError | null>(null);
  const [busy, setBusy] = useState(false);
  const configure = usePhone((s) => s.configure);
  const issueFor = (f: Field) => error?.issues?.find((i) => i.path === f)?.message;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const { displayName, outboundProxy, ...rest } = values;
    const refused = await configure({
      ...rest,
      ...(displayName.trim() ? { displayName } : {}),
      ...(outboundProxy.trim() ? { outboundProxy } : {}),
    });
    setBusy(false);
    if (!refused) {
      useToasts.getState().push({ kind: 'info', text: t('phoneSettings.saved') });
      onClose();
    } else setError(refused);
  };

  return (
    <form
      className="phone-settings pane"
      aria-labelledby="phone-settings-title"
      onSubmit={(e) => {
        toastIfRejected(submit(e));
      }}
    >
      <h2 id="phone-settings-title">{t('phoneSettings.title')}</h2>
      {FIELDS.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`sip-${f}`}>{t(`phoneSettings.${f}`)}</label>
          <input
            id={`sip-${f}`}
            type={f === 'password' ? 'password' : 'text'}
            autoComplete={f === 'password' ? 'current-password' : 'off'}
            value={values[f]}
            maxLength={300}
            aria-invalid={issueFor(f) ? true : undefined}
            aria-describedby={issueFor(f) ? `sip-${f}-error` : undefined}
            onChange={(e) => {
              setValues({ ...values, [f]: e.target.value });
            }}
          />
          {issueFor(f) && (
            <span id={`sip-${f}-error`} className="form-error small">
              {issueFor(f)}
            </span>
          )}
        </div>
      ))}
      <div className="row">
        <button type="submit" disabled={busy}>
          {t('phoneSettings.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('phoneSettings.cancel')}
        </button>
      </div>
    </form>
  );
}
