import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { chinaToday } from '@shared/calendar/day-number';
import { ApiRequestError, apiUrl, getJson, retryServerErrors, sendJson } from '@client/api/http';
import { useAuth } from '@client/auth/auth-provider';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from '../hazards/hazard-errors';

type Term = { schoolYear: string; term: 'autumn' | 'spring'; startsOn: string; endsOn: string };
type Period = { label: 'arrival' | 'midday' | 'dismissal'; from: string; to: string };
interface SchoolCalendar {
  version: number;
  terms: Term[];
  hours: Period[];
}

const LABELS: readonly Period['label'][] = ['arrival', 'midday', 'dismissal'];

/** GET /api/schools/settings: the terms, the hours of a school day, and the version to change them with. */
function useSchoolCalendar(enabled: boolean) {
  return useQuery({
    queryKey: ['schools', 'settings'],
    queryFn: ({ signal }) => getJson<SchoolCalendar>(apiUrl('/schools/settings'), signal),
    enabled,
    staleTime: 10 * 60_000,
    retry: retryServerErrors,
  });
}

/** The school year a day falls in: from September 2025 to August 2026 is 2025-2026. */
function schoolYearOf(day: string): string {
  const y = Number(day.slice(0, 4));
  const first = Number(day.slice(5, 7)) >= 9 ? y : y - 1;
  return `${first}-${first + 1}`;
}
const nextYear = (sy: string) => `${Number(sy.slice(0, 4)) + 1}-${Number(sy.slice(0, 4)) + 2}`;

/**
 * 校历: what makes a school day and a school hour in the zones' statistics: this school year's and
 * next year's terms (holidays and 调休 come from the national calendar) and the periods of the day;
 * admins change them here, with the version they read.
 */
export function SchoolCalendarPanel() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const calendar = useSchoolCalendar(open);
  const years = (() => {
    const now = schoolYearOf(chinaToday());
    return [now, nextYear(now)];
  })();
  const data = calendar.data;
  const terms = data?.terms.filter((x) => years.includes(x.schoolYear)) ?? [];
  return (
    <details className="school-calendar" data-testid="school-calendar" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('school.calendar.heading')}</summary>
      {calendar.isError && <p className="panel-error" role="alert">{t('school.error', { message: calendar.error.message })}</p>}
      {data && !editing && (
        <>
          <ul className="school-lines" data-testid="school-calendar-terms">
            {terms.map((x) => (
              <li key={`${x.schoolYear}-${x.term}`}>
                {t('school.calendar.term', { year: x.schoolYear, term: t(`school.calendar.${x.term}`), from: x.startsOn, to: x.endsOn })}
              </li>
            ))}
          </ul>
          <p className="panel-muted" data-testid="school-calendar-hours">
            {data.hours.map((h) => `${t(`school.hours.${h.label}`)} ${h.from}–${h.to}`).join(' · ')}
          </p>
          <p className="panel-muted">{t('school.calendar.note')}</p>
          {user?.role === 'admin' && (
            <button type="button" className="chip" data-testid="school-calendar-edit" onClick={() => setEditing(true)}>
              {t('school.calendar.edit')}
            </button>
          )}
        </>
      )}
      {data && editing && <CalendarForm calendar={data} years={years} onDone={() => setEditing(false)} />}
    </details>
  );
}

/** How many school years back the form offers: the analyses' windows reach five years into the past. */
const YEARS_BACK = 6;

function CalendarForm({ calendar, years, onDone }: { calendar: SchoolCalendar; years: string[]; onDone(): void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const blank = (schoolYear: string, term: Term['term']): Term =>
    calendar.terms.find((x) => x.schoolYear === schoolYear && x.term === term) ?? { schoolYear, term, startsOn: '', endsOn: '' };
  // Any school year from YEARS_BACK ago to next year; this one first.
  const choices = Array.from({ length: YEARS_BACK + 2 }, (_, i) => {
    const first = Number(years[1].slice(0, 4)) - i;
    return `${first}-${first + 1}`;
  });
  const [year, setYear] = useState(years[0]);
  const [terms, setTerms] = useState<Term[]>(() => [blank(years[0], 'autumn'), blank(years[0], 'spring')]);
  const chooseYear = (y: string) => {
    setYear(y);
    setTerms([blank(y, 'autumn'), blank(y, 'spring')]);
  };
  const [hours, setHours] = useState<Record<Period['label'], { on: boolean; from: string; to: string }>>(() =>
    Object.fromEntries(LABELS.map((l) => {
      const h = calendar.hours.find((x) => x.label === l);
      return [l, { on: !!h, from: h?.from ?? '11:30', to: h?.to ?? '12:30' }];
    })) as Record<Period['label'], { on: boolean; from: string; to: string }>,
  );
  const save = useMutation({
    mutationFn: () =>
      sendJson('PUT', apiUrl('/schools/settings'), {
        version: calendar.version,
        terms,
        hours: LABELS.filter((l) => hours[l].on).map((l) => ({ label: l, from: hours[l].from, to: hours[l].to })),
      }),
    onSuccess: onDone,
    // Saved or stale, the settings and every zone statistic are read again.
    onSettled: () => client.invalidateQueries({ queryKey: ['schools'] }),
  });
  const error = save.error;
  const stale = error instanceof ApiRequestError && error.status === 409;
  const problem = !error ? null : stale ? { field: null, message: t('school.calendar.stale') } : writeProblem(error, t);
  const path = error instanceof ApiRequestError ? (error.details[0] as { path?: string } | undefined)?.path : undefined;
  const at = (field: string) => (problem && (path ?? problem.field) === field ? problem.message : null);
  // The fields the form shows a refusal beside; any other is said below the form.
  const on = LABELS.filter((x) => hours[x].on);
  const shown = new Set([...terms.flatMap((_, i) => [`terms.${i}.startsOn`, `terms.${i}.endsOn`]), ...on.flatMap((_, k) => [`hours.${k}.from`, `hours.${k}.to`])]);
  const setTerm = (i: number, key: 'startsOn' | 'endsOn', value: string) => setTerms(terms.map((x, j) => (j === i ? { ...x, [key]: value } : x)));

  return (
    <form
      className="school-post-form"
      data-testid="school-calendar-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <fieldset disabled={save.isPending}>
        <FormField label={t('school.calendar.year')}>
          <select data-testid="school-calendar-year" value={year} onChange={(e) => chooseYear(e.target.value)}>
            {choices.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </FormField>
        {terms.map((x, i) => (
          <div key={`${x.schoolYear}-${x.term}`} className="school-calendar-term">
            <span className="school-calendar-label">{t('school.calendar.termName', { year: x.schoolYear, term: t(`school.calendar.${x.term}`) })}</span>
            <FormField label={t('school.calendar.from')} error={at(`terms.${i}.startsOn`)}>
              <input type="date" required data-testid={`school-term-${x.schoolYear}-${x.term}-from`} value={x.startsOn} onChange={(e) => setTerm(i, 'startsOn', e.target.value)} />
            </FormField>
            <FormField label={t('school.calendar.to')} error={at(`terms.${i}.endsOn`)}>
              <input type="date" required data-testid={`school-term-${x.schoolYear}-${x.term}-to`} value={x.endsOn} onChange={(e) => setTerm(i, 'endsOn', e.target.value)} />
            </FormField>
          </div>
        ))}
        {LABELS.map((l) => (
          <div key={l} className="school-calendar-term">
            <label className="check school-calendar-label">
              <input type="checkbox" data-testid={`school-hours-${l}`} checked={hours[l].on} onChange={(e) => setHours({ ...hours, [l]: { ...hours[l], on: e.target.checked } })} />
              <span>{t(`school.hours.${l}`)}</span>
            </label>
            {hours[l].on && (
              <>
                <FormField label={t('school.calendar.from')} error={at(`hours.${on.indexOf(l)}.from`)}>
                  <input type="time" required data-testid={`school-hours-${l}-from`} value={hours[l].from} onChange={(e) => setHours({ ...hours, [l]: { ...hours[l], from: e.target.value } })} />
                </FormField>
                <FormField label={t('school.calendar.to')} error={at(`hours.${on.indexOf(l)}.to`)}>
                  <input type="time" required data-testid={`school-hours-${l}-to`} value={hours[l].to} onChange={(e) => setHours({ ...hours, [l]: { ...hours[l], to: e.target.value } })} />
                </FormField>
              </>
            )}
          </div>
        ))}
        {problem && !shown.has(path ?? problem.field ?? '') && (
          <p className="panel-error" role="alert" data-testid="school-calendar-error">
            {problem.message}
          </p>
        )}
        <div className="hazard-actions">
          <button type="submit" className="button button-small" data-testid="school-calendar-save">
            {t('school.calendar.save')}
          </button>
          <button type="button" className="link-button" onClick={onDone}>
            {t('school.auditForm.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
