import { TermHelp } from '@client/app/term-help';
import { useI18n } from '@client/i18n/i18n-provider';
import type { HotspotParams } from './hotspot-params';
import { useSegmentRuleSets } from './hotspot-query';
import { ruleName } from './hotspot-rows';
import { conditionWords } from './rule-words';
import type { HotspotMethod, SegmentRule } from './hotspot-types';
import { ParamField } from './param-field';

interface HotspotParamsFormProps {
  method: HotspotMethod;
  params: HotspotParams;
  onChange(params: HotspotParams): void;
  /** The API's reasons by parameter name, from its last 400. */
  errors: Readonly<Record<string, string>>;
  /** Segments: the rules of the set the last result applied (from its `meta`). */
  rules: readonly SegmentRule[];
}

/** The parameters of the chosen method; every edit re-runs the analysis once it settles. */
export function HotspotParamsForm({ method, params, onChange, errors, rules }: HotspotParamsFormProps) {
  const { t, locale } = useI18n();
  const ruleSets = useSegmentRuleSets(method === 'segments');
  const setNames = ['default', ...Object.keys(ruleSets.data ?? {}).filter((name) => name !== 'default')];
  const shownRules = ruleSets.data?.[params.segments.rules] ?? rules;
  switch (method) {
    case 'clusters': {
      const set = (patch: Partial<HotspotParams['clusters']>) => onChange({ ...params, clusters: { ...params.clusters, ...patch } });
      return (
        <div className="hotspot-params">
          <ParamField
            name="eps"
            label={t('hotspot.param.eps')}
            help="eps"
            hint={t('hotspot.param.epsHint')}
            value={params.clusters.eps}
            error={errors.eps}
            onChange={(eps) => set({ eps })}
          />
          <ParamField
            name="minPoints"
            label={t('hotspot.param.minPoints')}
            hint={t('hotspot.param.minPointsHint')}
            value={params.clusters.minPoints}
            error={errors.minPoints}
            onChange={(minPoints) => set({ minPoints })}
          />
        </div>
      );
    }
    case 'segments': {
      const set = (patch: Partial<HotspotParams['segments']>) => onChange({ ...params, segments: { ...params.segments, ...patch } });
      return (
        <div className="hotspot-params">
          <ParamField
            name="window"
            label={t('hotspot.param.window')}
            hint={t('hotspot.param.windowHint')}
            placeholder={t('hotspot.param.byRoadType')}
            value={params.segments.window}
            error={errors.window}
            onChange={(window) => set({ window })}
          />
          <ParamField
            name="step"
            label={t('hotspot.param.step')}
            hint={t('hotspot.param.stepHint')}
            placeholder={t('hotspot.param.default')}
            value={params.segments.step}
            error={errors.step}
            onChange={(step) => set({ step })}
          />
          <div className="param-field" data-invalid={Boolean(errors.rules)}>
            <label className="param-label">
              {t('hotspot.param.rules')}
              <select data-testid="param-rules" value={params.segments.rules} onChange={(e) => set({ rules: e.target.value })}>
                {setNames.map((name) => (
                  <option key={name} value={name}>
                    {name === 'default' ? t('hotspot.param.rulesDefault') : name}
                  </option>
                ))}
              </select>
            </label>
            {errors.rules && (
              <p className="param-error" role="alert">
                {errors.rules}
              </p>
            )}
            {shownRules.length > 0 && (
              <details className="rule-set">
                <summary>{t('hotspot.param.rulesShow', { count: shownRules.length })}</summary>
                <ul>
                  {shownRules.map((rule) => (
                    <li key={rule.id}>
                      {ruleName(rule, locale)}
                      <span className="rule-condition">
                        {conditionWords(rule.condition, t)}
                        {rule.months !== undefined && t('hotspot.rules.within', { months: rule.months })}
                      </span>
                    </li>
                  ))}
                </ul>
                <p className="panel-muted" data-testid="rules-note">
                  {t('hotspot.rules.note')}
                </p>
              </details>
            )}
          </div>
        </div>
      );
    }
    case 'grid': {
      const set = (patch: Partial<HotspotParams['grid']>) => onChange({ ...params, grid: { ...params.grid, ...patch } });
      return (
        <div className="hotspot-params">
          <ParamField
            name="cell"
            label={t('hotspot.param.cell')}
            hint={t('hotspot.param.cellHint')}
            value={params.grid.cell}
            error={errors.cell}
            onChange={(cell) => set({ cell })}
          />
          <label className="check param-check">
            <input type="checkbox" data-testid="param-fdr" checked={params.grid.fdr} onChange={(e) => set({ fdr: e.target.checked })} />
            <span>{t('hotspot.param.fdr')}</span>
            <TermHelp term="fdr" />
          </label>
          {errors.fdr && (
            <p className="param-error" role="alert">
              {errors.fdr}
            </p>
          )}
        </div>
      );
    }
  }
}
