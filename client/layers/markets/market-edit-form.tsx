import { useState } from 'react';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { useMarketWrite } from './use-market-write';
import { lunarDayName, scheduleName, weekdayName, type MarketCalendar } from './market-schedule';
import type { MarketDetail } from './market-types';

const CALENDARS: readonly MarketCalendar[] = ['lunar', 'solar', 'weekly'];
/** The days each calendar has: lunar 1–30, solar 1–31, weekly 1 (Monday) – 7. */
const DAY_COUNT: Record<MarketCalendar, number> = { lunar: 30, solar: 31, weekly: 7 };
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

interface MarketEditFormProps {
  market: MarketDetail;
  onDone(): void;
}

/**
 * A market's name and timetable: its calendar, its days (a grid, with 逢 shortcuts that take every
 * day ending in a digit) and its hours. PATCH with the version read; a stale one is said and reloads.
 */
export function MarketEditForm({ market, onDone }: MarketEditFormProps) {
  const { t, locale } = useI18n();
  const [name, setName] = useState(market.name);
  const [calendar, setCalendar] = useState<MarketCalendar>(market.calendar);
  const [days, setDays] = useState<ReadonlySet<number>>(() => new Set(market.days));
  const [from, setFrom] = useState(market.hours.from);
  const [to, setTo] = useState(market.hours.to);
  const { save, problem } = useMarketWrite(market, 'PATCH', '', () => ({
    name: name.trim(),
    calendar,
    days: [...days].sort((a, b) => a - b),
    hours: { from, to },
  }), onDone);
  const at = (...fields: string[]) => (problem?.field && fields.some((f) => problem.field === f || problem.field!.startsWith(`${f}.`)) ? problem.message : null);

  const count = DAY_COUNT[calendar];
  const toggle = (day: number) => {
    const next = new Set(days);
    if (next.has(day)) next.delete(day);
    else next.add(day);
    setDays(next);
  };
  // 逢 d: every day of the month ending in d (十 ends in 0), all on or all off.
  const endingIn = (digit: number) => range(count).filter((d) => d % 10 === digit % 10);
  const toggleDigit = (digit: number) => {
    const those = endingIn(digit);
    const on = those.every((d) => days.has(d));
    const next = new Set(days);
    for (const d of those) if (on) next.delete(d);
    else next.add(d);
    setDays(next);
  };
  const dayLabel = (d: number) => (calendar === 'weekly' ? weekdayName(d, locale) : calendar === 'lunar' && locale === 'zh' ? lunarDayName(d) : String(d));

  return (
    <form
      className="school-post-form market-edit-form"
      data-testid="market-edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <fieldset disabled={save.isPending}>
        <FormField label={t('market.edit.name')} error={at('name')}>
          <input type="text" data-testid="market-edit-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </FormField>
        <FormField label={t('market.edit.calendar')} error={at('calendar')}>
          <select
            data-testid="market-edit-calendar"
            value={calendar}
            onChange={(e) => {
              const next = e.target.value as MarketCalendar;
              setCalendar(next);
              // Days the new calendar has not (lunar 31, weekday 8) go.
              setDays(new Set([...days].filter((d) => d <= DAY_COUNT[next])));
            }}
          >
            {CALENDARS.map((c) => (
              <option key={c} value={c}>
                {t(`market.edit.calendar.${c}`)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('market.edit.days')} error={at('days')}>
          <div className="market-edit-days">
            {calendar !== 'weekly' && (
              <div className="chips" role="group" aria-label={t('market.edit.digits')}>
                {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((digit) => (
                  <button
                    key={digit}
                    type="button"
                    className="chip"
                    data-testid={`market-edit-digit-${digit % 10}`}
                    aria-pressed={endingIn(digit).every((d) => days.has(d))}
                    onClick={() => toggleDigit(digit)}
                  >
                    {t('market.edit.digit', { digit: locale === 'zh' ? lunarDayName(digit).slice(1) : String(digit % 10) })}
                  </button>
                ))}
              </div>
            )}
            <div className={`market-day-grid market-day-grid-${calendar}`} role="group" aria-label={t('market.edit.days')}>
              {range(count).map((d) => (
                <button key={d} type="button" className="chip" data-testid={`market-edit-day-${d}`} aria-pressed={days.has(d)} onClick={() => toggle(d)}>
                  {dayLabel(d)}
                </button>
              ))}
            </div>
            <p className="panel-muted" data-testid="market-edit-summary">
              {days.size ? scheduleName(calendar, [...days], locale) : t('market.edit.noDays')}
            </p>
          </div>
        </FormField>
        <div className="market-edit-hours">
          <FormField label={t('market.edit.from')} error={at('hours')}>
            <input type="time" data-testid="market-edit-from" required value={from} onChange={(e) => setFrom(e.target.value)} />
          </FormField>
          <FormField label={t('market.edit.to')}>
            <input type="time" data-testid="market-edit-to" required value={to} onChange={(e) => setTo(e.target.value)} />
          </FormField>
        </div>
        {problem && !problem.field && (
          <p className="panel-error" role="alert" data-testid="market-edit-error">
            {problem.message}
          </p>
        )}
        {problem?.field && !at('name', 'calendar', 'days', 'hours') && (
          <p className="panel-error" role="alert" data-testid="market-edit-error">
            {problem.message}
          </p>
        )}
        <div className="hazard-actions">
          <button type="submit" className="button button-small" data-testid="market-edit-save" disabled={days.size === 0}>
            {t('market.edit.save')}
          </button>
          <button type="button" className="link-button" onClick={onDone}>
            {t('school.auditForm.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
