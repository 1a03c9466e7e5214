/**
 * One line under a lead's team figures (the KPIs, the practice history) saying where they came from: the
 * organisation's FHIR server (and how many unreadable records were left out, or that the read stopped at its bound),
 * this desk's own records, or this desk's copy because the server could not be read since a time.
 */
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/errors';
import type { TeamDataSource } from '../../../../shared/ehr/team-data-source';
import { formatCount, fullTime } from './format';

const UNREACHABLE: readonly ErrorCode[] = ['ehrUnreachable', 'ehrAuthUnreachable'];
const REFUSED: readonly ErrorCode[] = ['ehrUnauthorized', 'ehrAuthClientRejected', 'ehrAuthRefused'];

export function TeamDataSourceLine({ source, testId }: { source: TeamDataSource; testId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  let text: string;
  if (source.kind === 'server') {
    text = t(source.complete ? 'teamData.source.server' : 'teamData.source.serverPartial');
    if (source.skipped > 0) text += ` ${t('teamData.source.skipped', { n: formatCount(source.skipped, lang) })}`;
  } else if (source.kind === 'local') {
    text = t('teamData.source.local');
  } else {
    const time = fullTime(source.since, lang);
    const key = UNREACHABLE.includes(source.code) ? 'unreachable' : REFUSED.includes(source.code) ? 'refused' : 'failed';
    text = t(`teamData.source.${key}`, { time });
  }
  return (
    <p className={`muted team-data-source${source.kind === 'localFallback' ? ' warn' : ''}`} data-testid={testId} data-source={source.kind}>
      {text}
    </p>
  );
}
