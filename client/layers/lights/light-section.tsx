import { useMemo } from 'react';
import { LIGHT_PROGRAMMES } from '@shared/lights/light-terms';
import { Busy } from '@client/app/busy';
import { FormField } from '@client/app/form-field';
import { PanelSection } from '@client/app/panel-section';
import { ImportOpener } from '@client/app/import-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import { localName } from '../hazards/hazard-labels';
import { candidateReason, placeText, windowYears } from './light-labels';
import { LightImportDialog } from './light-import';
import { ProgrammeEffect } from './programme-effect';
import type { LightCandidate } from './light-types';
import type { LightsState } from './use-lights';

interface LightSectionProps {
  lights: LightsState;
  onOpenChange(open: boolean): void;
  selectedCandidate: number | null;
  onSelectCandidate(c: LightCandidate): void;
  /** Officers and admins: 添加 and 导入照明设施. */
  mayImport: boolean;
  /** 添加照明设施: starts picking its place on the map. */
  onAdd(): void;
}

/**
 * 第一盏灯: the lights of the city or a brigade by programme and status, and where the next light
 * should go — dark places on unlit roads without a light, worst first, each with its reason.
 */
export function LightSection({ lights, onOpenChange, selectedCandidate, onSelectCandidate, mayImport, onAdd }: LightSectionProps) {
  const { t, locale } = useI18n();
  const { open, county, setCounty, list, shown, candidates, found } = lights;
  const counties = useMemo(() => {
    const byCode = new Map<string, { code: string; label: string; count: number }>();
    for (const f of list.data?.features ?? []) {
      const c = f.properties.county;
      const o = byCode.get(c.code) ?? { code: c.code, label: localName(c, locale), count: 0 };
      o.count++;
      byCode.set(c.code, o);
    }
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }, [list.data, locale]);
  const counts = useMemo(() => {
    const by = { working: 0, faulty: 0, planned: 0, removed: 0 };
    for (const f of shown) by[f.properties.status]++;
    return by;
  }, [shown]);
  const data = candidates.data;
  const years = data ? windowYears(data.from, data.to) : 3;

  return (
    <PanelSection id="light" title={t('lights.heading')} open={open} onToggle={() => onOpenChange(!open)}>
      <FormField label={t('lights.filter.county')}>
        <select data-testid="light-county" value={county ?? ''} onChange={(e) => setCounty(e.target.value || null)}>
          <option value="">{t('lights.filter.allCounties')}</option>
          {counties.map((c) => (
            <option key={c.code} value={c.code}>
              {t('lights.filter.option', { name: c.label, count: c.count })}
            </option>
          ))}
        </select>
      </FormField>
      {list.isPending && (
        <Busy>{t('lights.loading')}</Busy>
      )}
      {list.isError && <p className="panel-error" role="alert">{t('lights.error', { message: list.error.message })}</p>}
      {list.data && (
        <div data-testid="light-summary">
          <p className="panel-muted">{t('lights.summary', { total: shown.length, ...counts })}</p>
          <ul className="light-programmes">
            {LIGHT_PROGRAMMES.map((p) => {
              const n = shown.filter((f) => f.properties.programme === p).length;
              return n > 0 ? <li key={p} data-programme={p}>{t('lights.programmeLine', { programme: t(`lights.programme.${p}`), count: n })}</li> : null;
            })}
          </ul>
        </div>
      )}
      {list.data && <ProgrammeEffect lights={list.data.features} />}
      {mayImport && (
        <div className="hotspot-export">
          <button type="button" className="chip" data-testid="light-add" onClick={onAdd}>
            {t('lights.new.open')}
          </button>
          <ImportOpener label={t('lights.import.open')} testId="light-import-open">
            {(close) => <LightImportDialog onClose={close} />}
          </ImportOpener>
        </div>
      )}

      <h4 className="section-subheading">{t('lights.candidates.heading')}</h4>
      {candidates.isPending && (
        <Busy>{t('lights.candidates.loading')}</Busy>
      )}
      {candidates.isError && <p className="panel-error" role="alert">{t('lights.error', { message: candidates.error.message })}</p>}
      {data && (
        <p className="panel-muted" data-testid="light-candidate-method">
          {t('lights.candidates.method', { from: data.from, to: data.to, radius: data.params.radius, count: data.total })}
          {data.total > found.length && <> {t('lights.candidates.shown', { count: found.length })}</>}
        </p>
      )}
      {data && found.length === 0 && <p className="panel-muted">{t('lights.candidates.none')}</p>}
      <ol className="hotspot-list" data-testid="light-candidate-list">
        {found.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="hotspot-row"
              data-testid="light-candidate-row"
              data-id={c.id}
              aria-current={c.id === selectedCandidate ? 'true' : undefined}
              onClick={() => onSelectCandidate(c)}
            >
              <span className="hotspot-rank">{c.rank}</span>
              <span className="hotspot-row-main">
                <span className="hotspot-row-title">
                  <span className="hotspot-place">{placeText(c, locale)}{c.roads[0]?.name ? ` · ${c.roads[0].name}` : ''}</span>
                </span>
                <span className="hotspot-row-stats">{candidateReason(c, years, data!.params.radius, t)}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </PanelSection>
  );
}
