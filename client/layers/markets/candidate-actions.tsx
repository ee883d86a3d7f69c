import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiUrl, sendJson } from '@client/api/http';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from '../hazards/hazard-errors';
import { pText } from './candidate-details';
import type { MarketCandidate } from './market-types';

interface CandidateActionsProps {
  candidate: MarketCandidate;
  /** The market just registered, opened in its card. */
  onRegistered(id: number): void;
  /** 登记为隐患 of type 马路市场 at the place, described from the evidence. */
  onHazard(candidate: MarketCandidate): void;
}

/**
 * What to do with a suspected market: register it (its stretch is the nearest road through the
 * place, its days and hours as inferred; the name is the officer's) or register a hazard.
 */
export function CandidateActions({ candidate: c, onRegistered, onHazard }: CandidateActionsProps) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [name, setName] = useState(`${c.township?.name.replace(/(镇|乡|街道)$/, '') ?? ''}集`);
  const [hours, setHours] = useState(c.hours ?? { from: '06:00', to: '12:00' });
  const register = useMutation({
    mutationFn: () =>
      sendJson<{ id: number }>('POST', apiUrl('/markets'), {
        name: name.trim(),
        point: c.point,
        calendar: 'lunar',
        days: c.schedule.days,
        hours,
        source: t('market.candidate.source', { label: c.label, q: pText(c.q) }),
      }),
    onSuccess: (m) => {
      void client.invalidateQueries({ queryKey: ['markets'] });
      onRegistered(m.id);
    },
  });
  const problem = register.error ? writeProblem(register.error, t) : null;
  return (
    <section className="detail-block" data-testid="candidate-actions">
      <h3>{t('market.candidate.register')}</h3>
      <FormField label={t('market.candidate.name')} error={problem?.field === 'name' ? problem.message : null}>
        <input type="text" data-testid="candidate-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </FormField>
      <div className="school-post-period">
        <span>{t('market.candidate.hours')}</span>
        <span className="school-post-times">
          <input type="time" aria-label={t('school.post.from')} value={hours.from} onChange={(e) => setHours({ ...hours, from: e.target.value })} />–
          <input type="time" aria-label={t('school.post.to')} value={hours.to} onChange={(e) => setHours({ ...hours, to: e.target.value })} />
        </span>
      </div>
      {problem && problem.field !== 'name' && (
        <p className="panel-error" role="alert" data-testid="candidate-error">
          {problem.field ? `${problem.field}: ${problem.message}` : problem.message}
        </p>
      )}
      <div className="hazard-actions">
        {/* Most likely the registered market next to it, reaching past its buffer: not a second market. */}
        {!c.nearMarket?.sameDays && (
          <button type="button" className="button button-small" data-testid="candidate-register" disabled={register.isPending || !name.trim()} onClick={() => register.mutate()}>
            {t('market.candidate.registerButton', { label: c.label.replace(/^疑似/, '') })}
          </button>
        )}
        <button type="button" className="button button-small button-quiet" data-testid="candidate-hazard" onClick={() => onHazard(c)}>
          {t('market.register')}
        </button>
      </div>
    </section>
  );
}
