import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LIGHT_TYPES, type LightType } from '@shared/lights/light-terms';
import { apiUrl, sendJson } from '@client/api/http';
import { CardHeader } from '@client/app/card-header';
import { ChoiceSelect } from '@client/app/choice-select';
import { FormField } from '@client/app/form-field';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import { writeProblem } from '../hazards/hazard-errors';
import { candidateReason, excessText, placeText } from './light-labels';
import type { LightCandidate } from './light-types';

interface CandidateCardProps {
  candidate: LightCandidate;
  years: number;
  radius: number;
  onClose(): void;
  /** For who may write here: 登记照明缺失隐患 and 计划装灯. */
  mayAct: boolean;
  onHazard(c: LightCandidate): void;
  /** The light just planned, opened in its card. */
  onPlanned(id: number): void;
}

/** 登记为隐患 from a dark place: type 照明缺失, the description its reason. */
export function candidateHazardDraft(c: LightCandidate, years: number, radius: number, t: Translate) {
  const excess = excessText(c, t);
  const description = t('lights.candidate.hazardText', { reason: candidateReason(c, years, radius, t), excess: excess ? `${excess}。` : '' });
  const roadName = c.roads.map((r) => r.name).filter(Boolean).join('、');
  // A death in the dark there: 较大 risk at once (the officer may change it).
  return { type: 'lighting' as const, description: description.slice(0, 2000), roadName: roadName.slice(0, 100), risk: c.night.deaths > 0 ? ('high' as const) : ('general' as const) };
}

/** A dark place suggested for a light: why, in words and numbers, and what to do about it. */
export function CandidateCard({ candidate: c, years, radius, onClose, mayAct, onHazard, onPlanned }: CandidateCardProps) {
  const { t, locale } = useI18n();
  useEscape(onClose);
  const client = useQueryClient();
  const [type, setType] = useState<LightType>('street_light');
  const reason = candidateReason(c, years, radius, t);
  const plan = useMutation({
    mutationFn: () =>
      sendJson<{ id: number }>('POST', apiUrl('/lights'), {
        type, programme: 'first_light', status: 'planned', lon: c.point[0], lat: c.point[1],
        name: (c.roads[0]?.name ?? placeText(c, locale)).slice(0, 100),
        source: t('lights.candidate.source', { reason }).slice(0, 500),
      }),
    onSuccess: (l) => {
      void client.invalidateQueries({ queryKey: ['lights'] });
      onPlanned(l.id);
    },
  });
  const problem = plan.error ? writeProblem(plan.error, t) : null;
  const excess = excessText(c, t);
  return (
    <aside className="details market-details" data-testid="light-candidate-details" data-id={c.id} aria-label={t('lights.candidate.details')}>
      <CardHeader title={t('lights.candidate.title', { place: placeText(c, locale) })} onClose={onClose} />
      <p className="light-reason" data-testid="light-candidate-reason">{reason}</p>
      {excess && <p className="panel-muted">{excess}</p>}
      <dl className="details-list">
        <div>
          <dt>{t('lights.candidate.roads')}</dt>
          <dd>{c.roads.map((r) => r.name ?? '—').join('、') || '—'}</dd>
        </div>
        <div>
          <dt>{t('lights.candidate.kind')}</dt>
          <dd>{c.kind === 'stretch' ? t('lights.candidate.stretch', { metres: Math.round(c.extent) }) : t('lights.candidate.spot')}</dd>
        </div>
        <div>
          <dt>{t('lights.candidate.night')}</dt>
          <dd>{t('lights.candidate.nightLine', { crashes: c.night.crashes, deaths: c.night.deaths, injuries: c.night.injuries, epdo: c.night.epdo })}</dd>
        </div>
        {(c.lights.faulty > 0 || c.lights.removed > 0 || c.lights.planned > 0) && (
          <div>
            <dt>{t('lights.candidate.otherLights')}</dt>
            <dd>{t('lights.candidate.otherLightsLine', c.lights)}</dd>
          </div>
        )}
        {c.hazard && (
          <div>
            <dt>{t('lights.candidate.hazard')}</dt>
            <dd>{c.hazard.number}</dd>
          </div>
        )}
      </dl>
      {mayAct && (
        <section className="detail-block" data-testid="light-candidate-actions">
          <div className="hazard-actions">
            <button type="button" className="button button-small" data-testid="light-candidate-hazard" onClick={() => onHazard(c)}>
              {t('lights.candidate.register')}
            </button>
          </div>
          <FormField label={t('lights.candidate.planType')}>
            <ChoiceSelect<LightType> name="type" testId="light-plan-type" values={LIGHT_TYPES} value={type} label={(x) => t(`lights.type.${x}`)} onChange={setType} />
          </FormField>
          {problem && <p className="panel-error" role="alert">{problem.field ? `${problem.field}: ${problem.message}` : problem.message}</p>}
          <div className="hazard-actions">
            <button type="button" className="button button-small button-quiet" data-testid="light-candidate-plan" disabled={plan.isPending} onClick={() => plan.mutate()}>
              {t('lights.candidate.plan')}
            </button>
          </div>
        </section>
      )}
    </aside>
  );
}
