/**
 * The unified patient view: everything about the patient on one screen, so the caller never has to
 * repeat themselves. Sections the caller has not been verified for are masked, not merely hidden:
 * the agent sees that the information exists and what unlocks it.
 */
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../../shared/domain/patient';
import { DISPOSITIONS } from '../../../../shared/domain/dispositions';
import { ageOn } from '../../../../shared/domain/age';
import { formatDate, formatDateTime, formatMoney } from './format';
import type { ViewSection } from './sections';
import { popShown } from '../screen-pop/pop-rendered-mark';
import { isolateName, PersonName } from '../patient/PersonName';
import { SchedulingPanel } from '../scheduling/SchedulingPanel';
import { RaiseTask } from '../worklist/RaiseTask';
import { useEhrLink } from '../ehr-link/store';
import { useCurrentPatient } from '../patient/current-patient';
import { usePhoneNumber } from '../../format/use-phone-number';
import { languageName } from '../../format/language-duration';
import { EssentialsStrip } from '../essentials/EssentialsStrip';

interface Props {
  summary: PatientSummary;
  canSee: (section: ViewSection) => boolean;
  now?: Date;
}

export function PatientView({ summary, canSee, now = new Date() }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phoneNumber = usePhoneNumber();
  const p = summary.patient;
  const age = ageOn(p.birthDate, now);
  const upcoming = summary.appointments.filter((a) => a.start && new Date(a.start) >= now);
  const past = summary.appointments.filter((a) => !a.start || new Date(a.start) < now);
  const balance = summary.accounts.reduce((sum, a) => sum + (a.balance ?? 0), 0);
  const currency = summary.accounts.find((a) => a.currency)?.currency ?? summary.invoices.find((i) => i.currency)?.currency ?? null;
  useEffect(() => {
    popShown(summary.patient.id);
  }, [summary]);
  // The team's worklist is on the EHR server: a dispute or follow-up is offered for records that came from it.
  const ehrConnected = useEhrLink((s) => s.status?.configured ?? false);
  const offerable = (version: string | null) => ehrConnected && version !== null;
  // A call saved by our wrap-up: its disposition in the agent's language, then the notes if any.
  const historyLine = (h: PatientSummary['history'][number]): string => {
    const outcome = h.disposition && DISPOSITIONS.has(h.disposition) ? DISPOSITIONS.label(h.disposition, i18n.language) : null;
    const text = outcome && h.summary === h.disposition ? null : h.summary;
    return [outcome, text ?? (outcome ? null : (h.category ?? h.kind))].filter(Boolean).join(' — ');
  };

  return (
    <article className="patient-view" aria-labelledby="pv-name" data-testid="patient-view">
      <header className="pv-header">
        <h2 id="pv-name">
          <PersonName name={p.name} />
        </h2>
        <div className="pv-badges">
          {p.preferredLanguage && <span className="badge">{t('view.language', { language: languageName(p.preferredLanguage, lang) })}</span>}
          {p.interpreterNeeded && <span className="badge badge-warn">{t('view.interpreter')}</span>}
          {age !== null && age < 18 && canSee('demographics') && <span className="badge badge-warn">{t('view.minor')}</span>}
          {p.deceased && <span className="badge badge-bad">{t('view.deceased')}</span>}
        </div>
      </header>
      <EssentialsStrip summary={summary} canSee={canSee} now={now} />
      {summary.flags.length > 0 && (
        <ul className="pv-flags" aria-label={t('view.flags')}>
          {summary.flags.map((f) => (
            <li key={f.id} className="flag" role="note">
              <strong>{f.category ?? t('view.flag')}</strong> {f.text}
            </li>
          ))}
        </ul>
      )}
      <Section id="demographics" title={t('view.demographics')} visible={canSee('demographics')}>
        <dl className="pv-facts">
          <Fact
            label={t('patient.birthDate')}
            value={age === null ? formatDate(p.birthDate, lang) : `${formatDate(p.birthDate, lang)} (${t('view.age', { count: age })})`}
          />
          <Fact label={t('patient.mrn')} value={p.mrn ?? '—'} />
          <Fact label={t('view.phones')} value={p.phones.map(phoneNumber).join(', ') || '—'} />
          <Fact label={t('view.email')} value={p.email ?? '—'} />
          <Fact label={t('view.address')} value={p.address ?? '—'} />
        </dl>
      </Section>
      <Section id="appointments" title={t('view.appointments')} visible={canSee('appointments')} count={summary.appointments.length}>
        <h4>{t('view.upcoming')}</h4>
        <SchedulingPanel patientId={p.id} upcoming={upcoming} />
        <h4>{t('view.past')}</h4>
        <Rows
          empty={t('view.none')}
          items={past
            .slice(0, 5)
            .map((a) => ({ key: a.id, main: `${formatDateTime(a.start, lang)} · ${a.serviceType ?? a.description ?? '—'}`, sub: a.status }))}
        />
      </Section>
      <Section id="referrals" title={t('view.referrals')} visible={canSee('referrals')} count={summary.referrals.length}>
        <Rows
          empty={t('view.none')}
          items={summary.referrals.map((r) => {
            const main = r.code ?? '—';
            const sub = [r.status, r.performer, formatDate(r.authoredOn, lang)].filter(Boolean).join(' · ');
            return {
              key: r.id,
              main,
              sub,
              action: (
                <RaiseTask
                  patientId={p.id}
                  target={{ kind: 'referral-follow-up', serviceRequestId: r.id }}
                  what={[main, sub].join(' · ')}
                  available={offerable(r.version)}
                  unavailableNoteId="pv-referrals-raise-note"
                />
              ),
            };
          })}
        />
        {summary.referrals.some((r) => !offerable(r.version)) && (
          <p id="pv-referrals-raise-note" className="muted small">
            {t('raise.unavailable')}
          </p>
        )}
      </Section>
      <Section id="coverage" title={t('view.coverage')} visible={canSee('coverage')} count={summary.coverage.length}>
        <Rows
          empty={t('view.none')}
          items={summary.coverage.map((c) => ({
            key: c.id,
            main: [c.payor, c.plan].filter(Boolean).join(' — ') || '—',
            sub: [c.status, c.subscriberId, c.periodEnd ? t('view.until', { date: formatDate(c.periodEnd, lang) }) : null].filter(Boolean).join(' · '),
          }))}
        />
      </Section>
      <Section id="billing" title={t('view.billing')} visible={canSee('billing')} count={summary.invoices.length}>
        <p className="pv-balance">
          {t('view.balance')}: <strong>{formatMoney(balance, currency, lang)}</strong>
        </p>
        <Rows
          empty={t('view.none')}
          items={summary.invoices.slice(0, 5).map((i) => {
            const main = `${formatDate(i.date, lang)} · ${formatMoney(i.totalGross, i.currency, lang)}`;
            return {
              key: i.id,
              main,
              sub: i.status,
              action: (
                <RaiseTask
                  patientId={p.id}
                  target={{ kind: 'billing-dispute', invoiceId: i.id }}
                  what={main}
                  available={offerable(i.version)}
                  unavailableNoteId="pv-billing-raise-note"
                />
              ),
            };
          })}
        />
        {summary.invoices.slice(0, 5).some((i) => !offerable(i.version)) && (
          <p id="pv-billing-raise-note" className="muted small">
            {t('raise.unavailable')}
          </p>
        )}
      </Section>
      <Section id="proxies" title={t('view.proxies')} visible={canSee('proxies')} count={summary.proxies.length}>
        <Rows
          empty={t('view.none')}
          items={summary.proxies.map((px) => ({
            key: px.relatedPersonId,
            main: `${isolateName(px.name)} (${px.relationship ?? '—'})`,
            sub: px.consent
              ? px.consent.periodEnd
                ? t('view.consent', { status: px.consent.status, scope: px.consent.scope.join(', ') || '—', until: formatDate(px.consent.periodEnd, lang) })
                : t('view.consentNoEnd', { status: px.consent.status, scope: px.consent.scope.join(', ') || '—' })
              : t('view.noConsent'),
          }))}
        />
      </Section>
      <Section id="history" title={t('view.history')} visible={canSee('history')} count={summary.history.length}>
        <Rows
          empty={t('view.none')}
          items={summary.history.slice(0, 8).map((h) => ({
            key: h.id,
            main: `${formatDate(h.date, lang)} · ${historyLine(h)}`,
            sub: [h.status, h.confidential ? t('confidentialContact.badge') : null].filter(Boolean).join(' · '),
          }))}
        />
      </Section>
    </article>
  );
}

function Section({ id, title, visible, count, children }: { id: ViewSection; title: string; visible: boolean; count?: number; children: ReactNode }) {
  const { t } = useTranslation();
  const verification = useCurrentPatient((s) => s.verification);
  const reason = verification?.hiddenBecause[id] ?? 'verification';
  const note =
    reason === 'role' && verification ? t('view.hidden.role', { role: t(`identity.verificationRoles.${verification.role}`) }) : t(`view.hidden.${reason}`);
  return (
    <section className={`pv-section ${visible ? '' : 'masked'}`} aria-labelledby={`pv-${id}`} data-section={id} data-masked={!visible}>
      <h3 id={`pv-${id}`}>
        {title}
        {visible && count !== undefined && <span className="count">{count}</span>}
      </h3>
      {visible ? (
        children
      ) : (
        <p className="mask-note" data-hidden-because={reason}>
          {note}
        </p>
      )}
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function Rows({ items, empty }: { items: { key: string; main: string; sub?: string | null; action?: ReactNode }[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="rows">
      {items.map((i) => (
        <li key={i.key} data-row-id={i.key}>
          <span>{i.main}</span>
          {i.sub && <span className="muted small">{i.sub}</span>}
          {i.action}
        </li>
      ))}
    </ul>
  );
}
