import { chinaToday } from '@shared/calendar/day-number';
import { Busy } from '@client/app/busy';
import { FormField } from '@client/app/form-field';
import { PanelSection } from '@client/app/panel-section';
import { useI18n } from '@client/i18n/i18n-provider';
import type { UseQueryResult } from '@tanstack/react-query';
import { localName } from '../hazards/hazard-labels';
import { HAZARD_TYPES, type HazardType } from '../hazards/hazard-types';
import { EffectTable } from './effect-table';
import type { CountyOption } from './evaluation-queries';
import type { Evaluation } from './evaluation-types';

export type EvaluationMode = 'hazards' | 'site';

export interface HazardProgramme {
  type: HazardType | null;
  closedYear: number | null;
  county: string | null;
}

export interface HandSite {
  point: [number, number] | null;
  date: string;
  radius: number;
  target: 'all' | 'night';
}

interface EvaluationSectionProps {
  open: boolean;
  onToggle(): void;
  mode: EvaluationMode;
  onMode(mode: EvaluationMode): void;
  /** Closed hazards are read with a session (the ledger's visibility). */
  signedIn: boolean;
  hazards: HazardProgramme;
  onHazards(h: HazardProgramme): void;
  counties: readonly CountyOption[];
  site: HandSite;
  onSite(s: HandSite): void;
  /** Starts picking the place on the map. */
  onPick(): void;
  result: UseQueryResult<Evaluation>;
  /** The evaluation asked for (null: not enough given yet). */
  asked: boolean;
}

/** Years a hazard may have been closed in, newest first. */
const closedYears = () => {
  const now = Number(chinaToday().slice(0, 4));
  return Array.from({ length: 8 }, (_, i) => now - i);
};

/**
 * 效果评估: did what was done work? The hazards closed as rectified (a type, a year, a county: all
 * 视距 hazards closed in 2024), or a place picked on the map and the day something was done there;
 * the methods side by side (the lights' programmes are evaluated in their own section).
 */
export function EvaluationSection(p: EvaluationSectionProps) {
  const { t, locale } = useI18n();
  const { hazards, site, result } = p;
  const data = result.data;
  const fileName =
    p.mode === 'hazards'
      ? t('eval.hazards.file', {
          type: hazards.type ? t(`hazard.type.${hazards.type}`) : t('eval.hazards.allTypes'),
          year: hazards.closedYear ?? t('eval.hazards.allYears'),
        })
      : t('eval.site.file', { date: site.date });
  return (
    <PanelSection id="evaluation" title={t('eval.section.heading')} open={p.open} onToggle={p.onToggle}>
      <p className="panel-muted">{t('eval.section.intro')}</p>
      <div className="presets" role="group" aria-label={t('eval.section.heading')}>
        {(['hazards', 'site'] as const).map((m) => (
          <button key={m} type="button" className="chip" data-testid={`evaluation-mode-${m}`} aria-pressed={p.mode === m} onClick={() => p.onMode(m)}>
            {t(`eval.mode.${m}`)}
          </button>
        ))}
      </div>
      {p.mode === 'hazards' && !p.signedIn && <p className="panel-muted">{t('eval.hazards.signIn')}</p>}
      {p.mode === 'hazards' && p.signedIn && (
        <div className="evaluation-form">
          <FormField label={t('eval.hazards.type')}>
            <select data-testid="evaluation-type" value={hazards.type ?? ''} onChange={(e) => p.onHazards({ ...hazards, type: (e.target.value || null) as HazardType | null })}>
              <option value="">{t('eval.hazards.allTypes')}</option>
              {HAZARD_TYPES.map((x) => (
                <option key={x} value={x}>
                  {t(`hazard.type.${x}`)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label={t('eval.hazards.year')}>
            <select data-testid="evaluation-year" value={hazards.closedYear ?? ''} onChange={(e) => p.onHazards({ ...hazards, closedYear: e.target.value ? Number(e.target.value) : null })}>
              <option value="">{t('eval.hazards.allYears')}</option>
              {closedYears().map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label={t('eval.hazards.county')}>
            <select data-testid="evaluation-county" value={hazards.county ?? ''} onChange={(e) => p.onHazards({ ...hazards, county: e.target.value || null })}>
              <option value="">{t('eval.hazards.allCounties')}</option>
              {p.counties.map((c) => (
                <option key={c.code} value={c.code}>
                  {localName(c, locale)}
                </option>
              ))}
            </select>
          </FormField>
        </div>
      )}
      {p.mode === 'site' && (
        <div className="evaluation-form">
          <div className="hotspot-export">
            <button type="button" className="chip" data-testid="evaluation-pick" onClick={p.onPick}>
              {site.point ? t('eval.site.repick') : t('eval.site.pick')}
            </button>
            {site.point && (
              <span className="panel-muted" data-testid="evaluation-point">
                {t('eval.site.at', { lon: site.point[0].toFixed(5), lat: site.point[1].toFixed(5) })}
              </span>
            )}
          </div>
          <FormField label={t('eval.site.date')}>
            <input type="date" data-testid="evaluation-date" required value={site.date} max={chinaToday()} onChange={(e) => p.onSite({ ...site, date: e.target.value })} />
          </FormField>
          <FormField label={t('eval.site.radius')}>
            <select data-testid="evaluation-radius" value={site.radius} onChange={(e) => p.onSite({ ...site, radius: Number(e.target.value) })}>
              {[50, 100, 150, 200, 300, 500].map((r) => (
                <option key={r} value={r}>
                  {t('eval.site.metres', { m: r })}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label={t('eval.site.target')}>
            <select data-testid="evaluation-target" value={site.target} onChange={(e) => p.onSite({ ...site, target: e.target.value as 'all' | 'night' })}>
              <option value="all">{t('eval.site.targetAll')}</option>
              <option value="night">{t('eval.site.targetNight')}</option>
            </select>
          </FormField>
          {(!site.point || !site.date) && <p className="panel-muted">{t('eval.site.need')}</p>}
        </div>
      )}
      {p.asked && result.isFetching && !data && (
        <Busy>{t('eval.loading')}</Busy>
      )}
      {p.asked && result.isError && (
        <p className="panel-error" role="alert" data-testid="evaluation-error">
          {result.error.message}
        </p>
      )}
      {p.asked && data && data.sites.length === 0 && <p className="panel-muted" data-testid="evaluation-none">{t('eval.hazards.none')}</p>}
      {p.asked && data && data.sites.length > 0 && <EffectTable evaluation={data} fileName={fileName} />}
    </PanelSection>
  );
}
