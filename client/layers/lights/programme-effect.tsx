import { useMemo, useState } from 'react';
import { Busy } from '@client/app/busy';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { localName } from '../hazards/hazard-labels';
import { EffectTable } from '../evaluation/effect-table';
import { useEvaluation } from '../evaluation/evaluation-queries';
import type { LightFeature } from './light-types';

/**
 * 效果评估: a programme of a brigade (东阿's 第一盏灯, 阳谷's 千路万盏) chosen from the lights that are
 * up, and its before/after by each method side by side.
 */
export function ProgrammeEffect({ lights }: { lights: readonly LightFeature[] }) {
  const { t, locale } = useI18n();
  const options = useMemo(() => {
    const byKey = new Map<string, { programme: string; county: string; label: string; count: number }>();
    for (const f of lights) {
      const p = f.properties;
      if (!p.installedOn || p.status === 'planned') continue;
      const key = `${p.programme}:${p.county.code}`;
      const o = byKey.get(key) ?? { programme: p.programme, county: p.county.code, label: '', count: 0 };
      o.count++;
      o.label = t('eval.programme.option', { programme: t(`lights.programme.${p.programme}`), county: localName(p.county, locale), count: o.count });
      byKey.set(key, o);
    }
    return [...byKey.entries()].sort((a, b) => b[1].count - a[1].count);
  }, [lights, t, locale]);
  const [chosen, setChosen] = useState('');
  const option = options.find(([k]) => k === chosen)?.[1] ?? null;
  const q = useEvaluation(option ? { kind: 'lights', programme: option.programme, county: option.county } : null);
  return (
    <div data-testid="programme-effect">
      <h4 className="section-subheading">{t('eval.programme.heading')}</h4>
      <FormField label={t('eval.programme.choose')}>
        <select data-testid="programme-select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('eval.programme.none')}</option>
          {options.map(([k, o]) => (
            <option key={k} value={k}>
              {o.label}
            </option>
          ))}
        </select>
      </FormField>
      {q.isFetching && !q.data && (
        <Busy>{t('eval.loading')}</Busy>
      )}
      {q.isError && <p className="panel-error" role="alert">{q.error.message}</p>}
      {q.data && option && <EffectTable evaluation={q.data} fileName={t('eval.programme.file', { name: option.label })} />}
    </div>
  );
}
