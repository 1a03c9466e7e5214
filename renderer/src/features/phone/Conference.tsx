/**
 * The conference as the call bar shows it: who is joined (the agent and the far end of each
 * conferenced call), and the notice when a conference or monitoring session lost its audio and was
 * undone. Names are caller-supplied: rendered as text, isolated for bidirectional scripts.
 */
import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../../shared/domain/call';
import { usePhone } from './store';
import { useSipUser } from '../../format/use-phone-number';

export function Conference({ calls }: { calls: CallView[] }) {
  const { t, i18n } = useTranslation();
  const sipUser = useSipUser();
  const joined = calls.filter((c) => c.conferenceWith.length > 0);
  if (joined.length === 0) return null;
  // Each name isolated (U+2068…U+2069) so a right-to-left name cannot reorder the sentence around it.
  const names = new Intl.ListFormat(i18n.language, { type: 'unit' }).format(joined.map((c) => `\u2068${c.remote.displayName ?? sipUser(c.remote.user)}\u2069`));
  return (
    <p className="conference" role="status" data-testid="conference" data-participants={joined.length + 1}>
      {t('calls.conference', { names })}
    </p>
  );
}

export function MediaFailureNotice() {
  const { t } = useTranslation();
  const failure = usePhone((s) => s.mediaFailure);
  const dismiss = usePhone((s) => s.dismissMediaFailure);
  if (!failure) return null;
  return (
    <p className="phone-banner media-failed" role="alert" data-testid="media-failed" data-during={failure.during}>
      {t(`calls.mediaFailed.${failure.during}`)}{' '}
      <button type="button" className="secondary" onClick={dismiss}>
        {t('toast.dismiss')}
      </button>
    </p>
  );
}
