/**
 * "Reason for the call", picked by the agent on a live call: the guide, the suggested articles and the wrap-up
 * follow it. Shown only while a call with a caller is in progress.
 */
import { useTranslation } from 'react-i18next';
import { CALL_REASONS, CallReasonSchema } from '../../../../shared/domain/call-reasons';
import { liveCalls, usePhone } from '../phone/store';
import { reasonFor, useCallReason } from './store';

export function CallReasonPicker() {
  const { t } = useTranslation();
  const call = usePhone((s) => liveCalls(s.calls).find((c) => c.state !== 'ended') ?? null);
  const reason = useCallReason((s) => reasonFor(s, call?.id ?? null));
  const pick = useCallReason((s) => s.pick);
  if (!call) return null;
  return (
    <div className="call-reason">
      <label htmlFor="call-reason">{t('callReason.label')}</label>
      <select
        id="call-reason"
        value={reason ?? ''}
        onChange={(e) => {
          const parsed = CallReasonSchema.safeParse(e.target.value);
          pick(call.id, parsed.success ? parsed.data : null);
        }}
      >
        <option value="">{t('callReason.none')}</option>
        {CALL_REASONS.map((r) => (
          <option key={r} value={r}>
            {t(`callReason.reasons.${r}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
