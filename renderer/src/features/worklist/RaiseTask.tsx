/**
 * "Dispute this charge" on an invoice and "Follow up this referral" on a referral in the patient view (their sections
 * are shown only once the caller is verified for them; main checks again): a short form that sends the item to the
 * billing or referrals pool of the team's worklist. Offered only for a record that came from the EHR server on a desk
 * connected to it; otherwise the button is disabled and says why (`unavailableNoteId`).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FOCUSED_REASON_LENGTH, FocusedReasonSchema, type WorklistRaiseRequest } from '../../../../shared/domain/worklist';
import type { ErrorCode } from '../../../../shared/errors';
import { useWorklist } from './store';
import { formatDate } from '../patient-view/format';

/** What the action is about: an invoice to dispute, or a referral to follow up. */
export type RaiseTarget = { kind: 'billing-dispute'; invoiceId: string } | { kind: 'referral-follow-up'; serviceRequestId: string };

interface Props {
  patientId: string;
  target: RaiseTarget;
  /** The record as the agent sees it in the row (for the button's accessible name). */
  what: string;
  available: boolean;
  /** The note saying why the action is not offered (referenced by a disabled button). */
  unavailableNoteId: string;
}

type Told = { kind: 'sent'; due: string } | { kind: 'failed'; code: ErrorCode } | null;

export function RaiseTask({ patientId, target, what, available, unavailableNoteId }: Props) {
  const { t, i18n } = useTranslation();
  const raise = useWorklist((s) => s.raise);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [told, setTold] = useState<Told>(null);
  const dispute = target.kind === 'billing-dispute';
  const required = dispute || reason.trim() !== '';
  const limits = { min: FOCUSED_REASON_LENGTH.min, max: FOCUSED_REASON_LENGTH.max };

  const send = async () => {
    const parsed = FocusedReasonSchema.safeParse(reason);
    if (required && !parsed.success) {
      setInvalid(true);
      return;
    }
    const given = parsed.success ? parsed.data : undefined;
    const req: WorklistRaiseRequest = dispute
      ? { kind: 'billing-dispute', patientId, invoiceId: target.invoiceId, reason: given ?? '' }
      : { kind: 'referral-follow-up', patientId, serviceRequestId: target.serviceRequestId, ...(given ? { reason: given } : {}) };
    setBusy(true);
    const r = await raise(req);
    setBusy(false);
    if (r.ok) {
      setTold({ kind: 'sent', due: r.due });
      setOpen(false);
      setReason('');
    } else setTold({ kind: 'failed', code: r.code });
  };

  return (
    <div className="raise-task" data-testid={`raise-${target.kind}`}>
      {!open && (
        <button
          type="button"
          className="secondary"
          disabled={!available}
          aria-label={t(dispute ? 'raise.disputeLabel' : 'raise.followUpLabel', { what })}
          aria-describedby={available ? undefined : unavailableNoteId}
          onClick={() => {
            setOpen(true);
            setTold(null);
          }}
        >
          {t(dispute ? 'raise.dispute' : 'raise.followUp')}
        </button>
      )}
      {open && (
        <form
          className="raise-task-form"
          aria-label={t(dispute ? 'raise.disputeLabel' : 'raise.followUpLabel', { what })}
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <label htmlFor={`${id}-reason`}>{t(`raise.reason.${target.kind}`)}</label>
          <input
            id={`${id}-reason`}
            type="text"
            value={reason}
            required={dispute}
            minLength={limits.min}
            maxLength={limits.max}
            aria-invalid={invalid}
            aria-describedby={`${id}-hint`}
            autoFocus
            onChange={(e) => {
              setReason(e.target.value);
              setInvalid(false);
            }}
          />
          <span id={`${id}-hint`} className={invalid ? 'form-error small' : 'muted small'} role={invalid ? 'alert' : undefined}>
            {t(invalid ? 'raise.reasonInvalid' : 'raise.reasonHint', limits)}
          </span>
          <button type="submit" disabled={busy}>
            {t(`raise.send.${target.kind}`)}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setOpen(false);
            }}
          >
            {t('raise.cancel')}
          </button>
        </form>
      )}
      <p role="status" className="small raise-task-told" data-told={told?.kind ?? 'none'}>
        {told?.kind === 'sent' && t(`raise.sent.${target.kind}`, { due: formatDate(told.due, i18n.language) })}
        {told?.kind === 'failed' && t('raise.failed', { reason: t(`errors.${told.code}`) })}
      </p>
    </div>
  );
}
