/**
 * The patient's essentials on one or two lines under their name: who they are, how the caller was verified, the next
 * appointment, their open tasks on the team's worklist, their flags and their language. Each item takes the agent to
 * its full section. It reads only what the page already holds (the view main masked, the verification it pushed,
 * the worklist the side pane read): an appointment is named only when main sent the appointments.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../../shared/domain/patient';
import { ageOn } from '../../../../shared/domain/age';
import { useCurrentPatient } from '../patient/current-patient';
import { PersonName } from '../patient/PersonName';
import { useWorklist } from '../worklist/store';
import { formatDate, formatDateTime } from '../patient-view/format';
import type { ViewSection } from '../patient-view/sections';
import { languageName } from '../../format/language-duration';
import { nextAppointment, openTasksFor, verifiedHow } from './essentials';
import { jumpTo } from './jump-to';

interface Props {
  summary: PatientSummary;
  canSee: (section: ViewSection) => boolean;
  now: Date;
}

const STATUS_GLYPH = { verified: '✓', unverified: '?', failed: '✗' } as const;

export function EssentialsStrip({ summary, canSee, now }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const verification = useCurrentPatient((s) => s.verification);
  const worklist = useWorklist((s) => s.view);
  const p = summary.patient;
  const age = ageOn(p.birthDate, now);
  const how = verifiedHow(verification);
  const count = (n: number) => new Intl.NumberFormat(lang).format(n);
  const list = (items: string[]) => new Intl.ListFormat(lang, { type: 'conjunction', style: 'short' }).format(items);
  const next = canSee('appointments') ? nextAppointment(summary.appointments, now) : null;
  const appointmentsHidden = verification?.hiddenBecause.appointments;
  const tasks = openTasksFor(worklist, p.id);
  const firstTask = tasks[0];
  const firstFlag = summary.flags[0];
  const section = (id: ViewSection) => () => {
    jumpTo(`.patient-view [data-section="${id}"]`);
  };

  const verifiedText =
    how.status === 'verified'
      ? how.matched.length > 0
        ? t('essentials.verifiedBy', { identifiers: list(how.matched.map((id) => t(`verification.identifiers.${id}`))) })
        : t('essentials.verified')
      : t(`essentials.status.${how.status}`);
  const caller = how.proxy ? (how.proxy.relationship ? t('essentials.proxy', { relationship: how.proxy.relationship }) : t('essentials.proxyUnknown')) : null;

  return (
    <section className="essentials" aria-label={t('essentials.title')} data-testid="essentials">
      <ul>
        <Item id="who" label={t('essentials.who')} onJump={section('demographics')}>
          <span>
            <PersonName name={p.name} />
          </span>
          {p.birthDate && <span>{age === null ? formatDate(p.birthDate, lang) : `${formatDate(p.birthDate, lang)} (${t('view.age', { count: age })})`}</span>}
        </Item>
        <Item
          id="verified"
          label={t('essentials.verification')}
          state={how.status}
          onJump={() => {
            jumpTo('[data-testid="verification"]');
          }}
        >
          <span aria-hidden="true" className="glyph">
            {STATUS_GLYPH[how.status]}
          </span>
          <span>{verifiedText}</span>
          {caller && <span>{caller}</span>}
        </Item>
        <Item
          id="appointment"
          label={t('essentials.nextAppointment')}
          state={canSee('appointments') ? (next ? 'booked' : 'none') : 'hidden'}
          onJump={section('appointments')}
          dataId={next?.id}
        >
          {canSee('appointments') ? (
            next ? (
              <>
                <span>{formatDateTime(next.start, lang)}</span>
                {[next.serviceType ?? next.description, next.practitioner, next.location]
                  .filter((x): x is string => !!x)
                  .map((x) => (
                    <span key={x}>
                      <bdi>{x}</bdi>
                    </span>
                  ))}
              </>
            ) : (
              <span>{t('essentials.noAppointment')}</span>
            )
          ) : (
            <span className="muted">
              {appointmentsHidden === 'role' || appointmentsHidden === 'consent' ? t('essentials.notShown') : t('essentials.afterVerification')}
            </span>
          )}
        </Item>
        {worklist?.configured && (
          <Item
            id="tasks"
            label={t('essentials.openTasks')}
            dataId={firstTask?.id}
            onJump={() => {
              jumpTo(firstTask ? `.worklist [data-task-id="${firstTask.id}"]` : '.worklist');
            }}
          >
            {firstTask ? (
              <>
                <span>{count(tasks.length)}</span>
                <span>{t(`worklist.kinds.${firstTask.kind}`)}</span>
                {firstTask.overdue && <span>{t('worklist.overdue')}</span>}
                {firstTask.due && <span>{t('worklist.due', { time: formatDateTime(firstTask.due, lang) })}</span>}
              </>
            ) : (
              <span>{t('essentials.noTasks')}</span>
            )}
          </Item>
        )}
        {firstFlag && (
          <Item
            id="flags"
            label={t('essentials.flags')}
            state="flagged"
            onJump={() => {
              jumpTo('.patient-view .pv-flags');
            }}
          >
            <span aria-hidden="true" className="glyph">
              ⚠
            </span>
            <span>{count(summary.flags.length)}</span>
            <span>
              <bdi>{[firstFlag.category, firstFlag.text].filter(Boolean).join(': ')}</bdi>
            </span>
          </Item>
        )}
        {(p.preferredLanguage !== null || p.interpreterNeeded) && (
          <Item
            id="language"
            label={t('essentials.language')}
            state={p.interpreterNeeded ? 'interpreter' : undefined}
            onJump={() => {
              jumpTo('.patient-view .pv-header');
            }}
          >
            {p.preferredLanguage && <span>{languageName(p.preferredLanguage, lang)}</span>}
            {p.interpreterNeeded && <strong>{t('view.interpreter')}</strong>}
          </Item>
        )}
      </ul>
    </section>
  );
}

/**
 * One essential: a button naming what it is and its value, which jumps to its section. The value's parts are joined by
 * a dot drawn before each (outside any isolated name, so it stays between the parts in either direction).
 */
function Item({
  id,
  label,
  state,
  dataId,
  onJump,
  children,
}: {
  id: string;
  label: string;
  state?: string;
  dataId?: string | undefined;
  onJump: () => void;
  children: ReactNode;
}) {
  return (
    <li data-item={id} data-state={state} data-id={dataId}>
      <button type="button" className="essential" onClick={onJump}>
        <span className="essential-label">{label}</span> <span className="essential-value">{children}</span>
      </button>
    </li>
  );
}
