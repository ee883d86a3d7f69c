import { PERIOD_KINDS, type PeriodKind } from '@shared/dashboard/period';
import { chinaToday } from '@shared/calendar/day-number';
import { useI18n } from '@client/i18n/i18n-provider';
import type { DashboardView } from './dashboard-view';

/** The `at` a period kind starts from when picked: the one holding today. */
function defaultAt(kind: PeriodKind, today: string): Pick<DashboardView, 'at' | 'from' | 'to'> {
  const [y, m] = today.split('-');
  if (kind === 'month') return { at: `${y}-${m}` };
  if (kind === 'quarter') return { at: `${y}-Q${Math.ceil(Number(m) / 3)}` };
  if (kind === 'year') return { at: y };
  if (kind === 'ytd') return { at: today };
  return { from: `${y}-01-01`, to: today };
}

/** 统计期: the kind (month, quarter, year to date, year, custom) and which one. */
export function PeriodPicker({ view, onChange }: { view: DashboardView; onChange(next: DashboardView): void }) {
  const { t } = useI18n();
  const today = chinaToday();
  const at = view.at ?? defaultAt(view.period, today).at ?? '';
  const years = Array.from({ length: Number(today.slice(0, 4)) - 2015 }, (_, i) => String(Number(today.slice(0, 4)) - i));
  const set = (patch: Partial<DashboardView>) => onChange({ ...view, ...patch });
  return (
    <div className="period-picker" data-testid="period-picker">
      <label>
        {t('dashboard.period')}
        <select value={view.period} data-testid="period-kind" onChange={(e) => onChange({ period: e.target.value as PeriodKind, area: view.area, ...defaultAt(e.target.value as PeriodKind, today) })}>
          {PERIOD_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`dashboard.period.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {view.period === 'month' && (
        <label>
          {t('dashboard.at.month')}
          <input type="month" data-testid="period-at" value={at} max={today.slice(0, 7)} onChange={(e) => e.target.value && set({ at: e.target.value })} />
        </label>
      )}
      {view.period === 'quarter' && (
        <label>
          {t('dashboard.at.quarter')}
          <select data-testid="period-at" value={at} onChange={(e) => set({ at: e.target.value })}>
            {years.flatMap((y) => [4, 3, 2, 1].map((q) => `${y}-Q${q}`)).map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
      )}
      {view.period === 'year' && (
        <label>
          {t('dashboard.at.year')}
          <select data-testid="period-at" value={at} onChange={(e) => set({ at: e.target.value })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      )}
      {view.period === 'ytd' && (
        <label>
          {t('dashboard.at.ytd')}
          <input type="date" data-testid="period-at" value={at} max={today} onChange={(e) => e.target.value && set({ at: e.target.value })} />
        </label>
      )}
      {view.period === 'custom' && (
        <>
          <label>
            {t('dashboard.from')}
            <input type="date" data-testid="period-from" value={view.from ?? ''} max={today} onChange={(e) => e.target.value && set({ from: e.target.value })} />
          </label>
          <label>
            {t('dashboard.to')}
            <input type="date" data-testid="period-to" value={view.to ?? ''} max={today} onChange={(e) => e.target.value && set({ to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  );
}
