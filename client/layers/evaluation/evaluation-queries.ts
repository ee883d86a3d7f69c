import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson } from '@client/api/http';
import type { Evaluation, EvaluationQuery } from './evaluation-types';

function search(q: EvaluationQuery): string {
  const p = new URLSearchParams({ kind: q.kind });
  if (q.kind === 'lights') {
    p.set('programme', q.programme);
    if (q.county) p.set('county', q.county);
  } else p.set('id', String(q.id));
  return p.toString();
}

/** A before/after evaluation (a few hundred ms on the server; the SPF fit is cached there). 4xx are answers, not retried. */
export function useEvaluation(q: EvaluationQuery | null) {
  return useQuery({
    queryKey: ['evaluation', q],
    queryFn: ({ signal }) => getJson<Evaluation>(apiUrl(`/evaluation?${search(q!)}`), signal),
    enabled: q !== null,
    staleTime: 5 * 60_000,
    retry: false,
    meta: { perUser: q?.kind === 'hazard' },
  });
}
