import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson } from '@client/api/http';
import type { Evaluation, EvaluationQuery } from './evaluation-types';

/** GET /api/evaluation's query: the kind, then what is given (nulls left out). */
export function evaluationSearch(q: EvaluationQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== null && v !== undefined) p.set(k, String(v));
  return p.toString();
}

/** A before/after evaluation (a few hundred ms on the server; the SPF fit is cached there). 4xx are answers, not retried. */
export function useEvaluation(q: EvaluationQuery | null) {
  return useQuery({
    queryKey: ['evaluation', q],
    queryFn: ({ signal }) => getJson<Evaluation>(apiUrl(`/evaluation?${evaluationSearch(q!)}`), signal),
    enabled: q !== null,
    staleTime: 5 * 60_000,
    retry: false,
    meta: { perUser: q?.kind === 'hazard' || q?.kind === 'hazards' },
  });
}

export interface CountyOption {
  code: string;
  name: string;
  nameEn: string | null;
}

/** The city's counties (the map's own county layer, its properties only): a programme's area. */
export function useCounties(enabled: boolean) {
  return useQuery({
    queryKey: ['jurisdictions', 'county'],
    queryFn: async ({ signal }) => {
      const fc = await getJson<{ features: { properties: CountyOption }[] }>(apiUrl('/jurisdictions?level=county'), signal);
      return fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name, nameEn: f.properties.nameEn }));
    },
    enabled,
    staleTime: Infinity,
  });
}
