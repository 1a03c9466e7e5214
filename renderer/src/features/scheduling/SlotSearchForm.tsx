/** The search for free slots: service, practitioner, location (narrowed to those seen so far) and the days to look in. */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';
import { useScheduling } from './store';

export function SlotSearchForm() {
  const { t } = useTranslation();
  const { criteria, known, busy, setCriteria, search } = useScheduling();
  const first = useRef<HTMLSelectElement>(null);
  useShortcut('schedule', () => first.current?.focus());
  return (
    <form
      className="schedule-search"
      aria-labelledby="schedule-search-title"
      onSubmit={(e) => {
        e.preventDefault();
        void search();
      }}
    >
      <h4 id="schedule-search-title">{t('scheduling.search.title')}</h4>
      <label>
        {t('scheduling.search.serviceType')}
        <select
          ref={first}
          value={criteria.serviceType}
          onChange={(e) => {
            setCriteria({ serviceType: e.target.value });
          }}
          aria-keyshortcuts={SHORTCUTS.schedule.label}
        >
          <option value="">{t('scheduling.search.any')}</option>
          {known.services.map((s) => (
            <option key={s.code} value={s.code}>
              {s.display ?? s.code}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scheduling.search.practitioner')}
        <select
          value={criteria.practitionerId}
          onChange={(e) => {
            setCriteria({ practitionerId: e.target.value });
          }}
        >
          <option value="">{t('scheduling.search.any')}</option>
          {known.practitioners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name ?? p.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scheduling.search.location')}
        <select
          value={criteria.locationId}
          onChange={(e) => {
            setCriteria({ locationId: e.target.value });
          }}
        >
          <option value="">{t('scheduling.search.any')}</option>
          {known.locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name ?? l.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scheduling.search.from')}
        <input
          type="date"
          required
          value={criteria.fromDate}
          onChange={(e) => {
            setCriteria({ fromDate: e.target.value });
          }}
        />
      </label>
      <label>
        {t('scheduling.search.to')}
        <input
          type="date"
          required
          min={criteria.fromDate}
          value={criteria.toDate}
          onChange={(e) => {
            setCriteria({ toDate: e.target.value });
          }}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('scheduling.search.submit')}
      </button>
    </form>
  );
}
