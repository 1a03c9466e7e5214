import { describe, expect, it } from 'vitest';
import { fhirDateDays, formatFhirDate, isFhirDate, isFhirDateTime, parseFhirDate } from '../../../shared/domain/fhir-date';

describe('FHIR dates: partial dates are valid, impossible ones are not', () => {
  it('accepts a year, a year and month, and real calendar days (leap years too)', () => {
    expect(parseFhirDate('1963')).toEqual({ year: 1963 });
    expect(parseFhirDate('1963-05')).toEqual({ year: 1963, month: 5 });
    expect(parseFhirDate('1963-05-02')).toEqual({ year: 1963, month: 5, day: 2 });
    expect(isFhirDate('2024-02-29')).toBe(true);
    expect(isFhirDate('2000-02-29')).toBe(true);
  });

  it('refuses days and months that are not on the calendar, and other shapes', () => {
    for (const bad of [
      '1980-99-99',
      '1980-13-01',
      '1980-00-10',
      '1980-01-00',
      '2023-02-29',
      '1900-02-29',
      '1980-04-31',
      '0000',
      '80-01-01',
      '1980-1-1',
      '1980-01-01T10:00:00Z',
      ' 1980',
      '',
    ])
      expect(isFhirDate(bad), bad).toBe(false);
  });

  it('checks the time of a dateTime too, and needs a whole date before a time', () => {
    expect(isFhirDateTime('2015-02-07T13:28:17-05:00')).toBe(true);
    expect(isFhirDateTime('2015-02-07T13:28:17.239+02:00')).toBe(true);
    expect(isFhirDateTime('2015-02-07')).toBe(true);
    expect(isFhirDateTime('2015')).toBe(true);
    for (const bad of ['2015-02-30T10:00:00Z', '2015-02-07T25:00:00Z', '2015-02-07T10:61:00Z', '2015-02T10:00:00Z', '1980-99-99T00:00:00Z'])
      expect(isFhirDateTime(bad), bad).toBe(false);
  });

  it('formats partial dates for display and never yields "Invalid Date"', () => {
    expect(formatFhirDate('1963', 'en')).toBe('1963');
    expect(formatFhirDate('1963-05', 'en')).toBe('May 1963');
    expect(formatFhirDate('1963-05-02', 'en')).toBe('May 2, 1963');
    expect(formatFhirDate('1963-05-02T23:30:00-10:00', 'en')).toBe('May 2, 1963');
    expect(formatFhirDate('1980-99-99', 'en')).toBeNull();
    expect(formatFhirDate(null, 'en')).toBeNull();
    for (const lang of ['es', 'fr', 'de', 'zh', 'ar']) expect(formatFhirDate('1963-05', lang)).not.toMatch(/Invalid/);
  });
});

describe('the days a partial date allows', () => {
  it('spans the year, the month (leap years included) or the one day; not a date is null', () => {
    expect(fhirDateDays('2011')).toEqual({ first: '2011-01-01', last: '2011-12-31' });
    expect(fhirDateDays('2012-02')).toEqual({ first: '2012-02-01', last: '2012-02-29' });
    expect(fhirDateDays('2011-02')).toEqual({ first: '2011-02-01', last: '2011-02-28' });
    expect(fhirDateDays('2011-05-09')).toEqual({ first: '2011-05-09', last: '2011-05-09' });
    expect(fhirDateDays('1980-99-99')).toBeNull();
  });
});
