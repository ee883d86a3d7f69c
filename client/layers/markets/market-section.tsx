import { useMemo, type ReactNode } from 'react';
import { Busy } from '@client/app/busy';
import { FormField } from '@client/app/form-field';
import { PanelSection } from '@client/app/panel-section';
import { useI18n } from '@client/i18n/i18n-provider';
import { localName } from '../hazards/hazard-labels';
import { ImportOpener } from '@client/app/import-dialog';
import { downloadMarketXlsx } from './market-export';
import { HarvestTable } from './harvest-table';
import { MarketImportDialog } from './market-import';
import { dayText, placeText, whenText } from './market-labels';
import { MarketRanking } from './market-ranking';
import { weekdayName } from './market-schedule';
import type { MarketFeature } from './market-types';
import type { MarketsState } from './use-markets';

interface MarketSectionProps {
  markets: MarketsState;
  selectedId: number | null;
  onOpenChange(open: boolean): void;
  onSelect(id: number): void;
  /** Below the ranking: the cycle finder's suspects. */
  children?: ReactNode;
  /** Officers and admins: 导入集市. */
  mayImport: boolean;
}

const BUFFER_CHOICES = [100, 200, 300, 500];

/**
 * 马路市场: which markets meet today, tomorrow and this week (for 护集 patrols), and the markets whose
 * market days show most in their crashes, worst first; by brigade; export to Excel.
 */
export function MarketSection({ markets, selectedId, onOpenChange, onSelect, children, mayImport }: MarketSectionProps) {
  const { t, locale } = useI18n();
  const { open, county, setCounty, township, setTownship, dayIndex, setDayIndex, list, schedule, analysis, shown, ranked, day } = markets;
  const all = list.data?.features;
  const counties = useMemo(() => {
    const found = new Map<string, { code: string; label: string; count: number }>();
    for (const f of all ?? []) {
      const c = f.properties.county;
      const option = found.get(c.code) ?? { code: c.code, label: localName(c, locale), count: 0 };
      option.count++;
      found.set(c.code, option);
    }
    return [...found.values()].sort((a, b) => a.code.localeCompare(b.code));
  }, [all, locale]);
  // The chosen county's townships that have markets, with how many.
  const townships = useMemo(() => {
    const found = new Map<string, { code: string; label: string; count: number }>();
    for (const f of all ?? []) {
      const tw = f.properties.township;
      if (!county || f.properties.county.code !== county || !tw) continue;
      const option = found.get(tw.code) ?? { code: tw.code, label: localName(tw, locale), count: 0 };
      option.count++;
      found.set(tw.code, option);
    }
    return [...found.values()].sort((a, b) => a.code.localeCompare(b.code));
  }, [all, county, locale]);
  const areaLabel = [counties.find((c) => c.code === county)?.label, townships.find((x) => x.code === township)?.label].filter(Boolean).join(' ');
  const meeting = useMemo(() => shown.filter((f) => day?.marketIds.includes(f.id)), [shown, day]);
  const shownIds = useMemo(() => new Set(shown.map((f) => f.id)), [shown]);

  const buffer = analysis.data?.buffer ?? markets.buffer ?? 200;

  return (
    <PanelSection id="market" title={t('market.heading')} open={open} onToggle={() => onOpenChange(!open)}>
      <FormField label={t('market.filter.county')}>
        <select data-testid="market-county" value={county ?? ''} onChange={(e) => setCounty(e.target.value || null)}>
          <option value="">{t('market.filter.allCounties')}</option>
          {counties.map((c) => (
            <option key={c.code} value={c.code}>
              {t('market.filter.option', { name: c.label, count: c.count })}
            </option>
          ))}
        </select>
      </FormField>
      {county && townships.length > 1 && (
        <FormField label={t('market.filter.township')}>
          <select data-testid="market-township" value={township ?? ''} onChange={(e) => setTownship(e.target.value || null)}>
            <option value="">{t('market.filter.allTownships')}</option>
            {townships.map((x) => (
              <option key={x.code} value={x.code}>
                {t('market.filter.option', { name: x.label, count: x.count })}
              </option>
            ))}
          </select>
        </FormField>
      )}

      <h4 className="section-subheading">{t('market.week.heading')}</h4>
      {schedule.isError && <p className="panel-error" role="alert">{t('market.error', { message: schedule.error.message })}</p>}
      {schedule.data && (
        <div className="chips market-days" role="group" aria-label={t('market.week.heading')}>
          {schedule.data.days.map((d, i) => {
            const count = county ? d.marketIds.filter((id) => shownIds.has(id)).length : d.marketIds.length;
            const name = i === 0 ? t('market.week.today') : i === 1 ? t('market.week.tomorrow') : weekdayName(d.weekday, locale);
            return (
              <button
                key={d.date}
                type="button"
                className="chip"
                data-testid={`market-day-${i}`}
                data-count={count}
                aria-pressed={i === dayIndex}
                title={dayText(d, locale)}
                onClick={() => setDayIndex(i)}
              >
                {t('market.week.chip', { day: name, count })}
              </button>
            );
          })}
        </div>
      )}
      {day && (
        <p className="panel-muted" data-testid="market-day-line">
          {t('market.week.line', { day: dayText(day, locale), count: meeting.length })}
          {day.holiday && <> · {day.holiday}</>}
        </p>
      )}
      {list.isPending && (
        <Busy>{t('market.loading')}</Busy>
      )}
      {list.isError && <p className="panel-error" role="alert">{t('market.error', { message: list.error.message })}</p>}
      {meeting.length > 0 && (
        <ul className="hotspot-list" data-testid="market-meeting-list">
          {meeting.map((f) => (
            <MeetingRow key={f.id} feature={f} selected={f.id === selectedId} onSelect={onSelect} />
          ))}
        </ul>
      )}

      <h4 className="section-subheading">{t('market.ranking.heading')}</h4>
      <div className="market-buffer">
        <FormField label={t('market.buffer')}>
          <select data-testid="market-buffer" value={buffer} onChange={(e) => markets.setBuffer(Number(e.target.value))}>
            {[...new Set([...BUFFER_CHOICES, buffer])].sort((a, b) => a - b).map((b) => (
              <option key={b} value={b}>
                {t('market.bufferOption', { metres: b })}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      {analysis.data && (
        <p className="panel-muted" data-testid="market-ranking-window">
          {t('market.ranking.window', { from: analysis.data.from, to: analysis.data.to, buffer: analysis.data.buffer })}
        </p>
      )}
      {analysis.isError && <p className="panel-error" role="alert">{t('market.error', { message: analysis.error.message })}</p>}
      {analysis.isPending && !analysis.data && (
        <Busy>{t('market.ranking.loading')}</Busy>
      )}
      <MarketRanking rows={ranked} dimmed={analysis.isPlaceholderData} selectedId={selectedId} onSelect={onSelect} statusOf={markets.statusOf} />
      {ranked.length > 0 && analysis.data && (
        <div className="hotspot-export">
          <button
            type="button"
            className="chip"
            data-testid="market-export-xlsx"
            onClick={() => downloadMarketXlsx(ranked, analysis.data, areaLabel, t, locale)}
          >
            {t('market.export.xlsx')}
          </button>
        </div>
      )}
      {mayImport && (
        <div className="hotspot-export">
          <ImportOpener label={t('market.import.open')} testId="market-import-open">
            {(close) => <MarketImportDialog onClose={close} />}
          </ImportOpener>
        </div>
      )}
      {children}
      <h4 className="section-subheading">{t('market.harvest.heading')}</h4>
      <HarvestTable county={county} />
    </PanelSection>
  );
}

function MeetingRow({ feature, selected, onSelect }: { feature: MarketFeature; selected: boolean; onSelect(id: number): void }) {
  const { t, locale } = useI18n();
  const p = feature.properties;
  return (
    <li>
      <button type="button" className="hotspot-row" data-testid="market-meeting-row" data-id={p.id} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(p.id)}>
        <span className="hotspot-row-main">
          <span className="hotspot-row-title">
            <span className="hotspot-place">{p.name}</span>
            {p.trunk && <span className="market-trunk">{t('market.trunk')}</span>}
          </span>
          <span className="hotspot-row-stats">
            {placeText(p, locale)} · {whenText(p, locale)}
          </span>
        </span>
      </button>
    </li>
  );
}
