import { useI18n } from '@client/i18n/i18n-provider';
import { TIME_PRESETS, dayToIso, isoToDay, type TimeRange } from './accident-filter';

interface TimeFilterProps {
  time: TimeRange;
  range: { fromDay: number; toDay: number };
  dayZero: number;
  firstDay: number;
  lastDay: number;
  onChange(time: TimeRange): void;
}

export function TimeFilter({ time, range, dayZero, firstDay, lastDay, onChange }: TimeFilterProps) {
  const { t } = useI18n();
  const min = dayToIso(dayZero, firstDay);
  const max = dayToIso(dayZero, lastDay);

  const setBound = (bound: 'fromDay' | 'toDay', iso: string) => {
    const day = isoToDay(dayZero, iso);
    if (day === null) return;
    const next = { ...range, [bound]: Math.min(Math.max(day, firstDay), lastDay) };
    // Dragging one end past the other moves both, rather than giving an empty range.
    if (next.fromDay > next.toDay) {
      if (bound === 'fromDay') next.toDay = next.fromDay;
      else next.fromDay = next.toDay;
    }
    onChange({ kind: 'custom', ...next });
  };

  return (
    <div className="time-filter">
      <div className="presets" role="group" aria-label={t('filter.time')}>
        {TIME_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="chip"
            data-testid={`time-preset-${preset}`}
            aria-pressed={time.kind === 'preset' && time.preset === preset}
            onClick={() => onChange({ kind: 'preset', preset })}
          >
            {t(`filter.preset.${preset}`)}
          </button>
        ))}
      </div>
      <div className="date-range">
        <label>
          <span>{t('filter.from')}</span>
          <input
            type="date"
            data-testid="time-from"
            min={min}
            max={max}
            value={dayToIso(dayZero, range.fromDay)}
            onChange={(e) => setBound('fromDay', e.target.value)}
          />
        </label>
        <label>
          <span>{t('filter.to')}</span>
          <input
            type="date"
            data-testid="time-to"
            min={min}
            max={max}
            value={dayToIso(dayZero, range.toDay)}
            onChange={(e) => setBound('toDay', e.target.value)}
          />
        </label>
      </div>
    </div>
  );
}
