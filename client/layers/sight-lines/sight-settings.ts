import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import { sendAsJob } from '@client/api/jobs';
import { parseNumber } from './obstacle-writes';

export type SightMethod = 'ssd' | 'isd';

/** One whole-city run of the analysis (GET /api/intersections/settings), newest first. */
export interface SightRun {
  id: number;
  method: SightMethod;
  gapSeconds: number;
  intersections: number;
  deficient: number;
  severe: number;
  moderate: number;
  minor: number;
  /** Null for a database analysed before runs were recorded. */
  ms: number | null;
  runAt: string;
  /** Null: the first start's analysis. */
  runBy: string | null;
}

export interface SightSettings {
  settings: { method: SightMethod; gapSeconds: number; eyeHeight: number };
  /** Default design speed (km/h) per road class, and how many roads (without their own) use it. */
  designSpeeds: { class: string; speed: number; roads: number }[];
  runs: SightRun[];
}

/** What an admin sends to re-run the analysis over the whole city. */
export interface AnalyseRequest {
  method: SightMethod;
  gapSeconds?: number;
  designSpeeds: Record<string, number>;
}

export const GAP_RANGE = { min: 1, max: 20 } as const;
export const SPEED_RANGE = { min: 5, max: 140 } as const;

/** The typed gap time, or why not: 'range' when outside 1–20 s (what the API accepts). */
export function checkGap(text: string): number | 'range' {
  const v = parseNumber(text);
  return v !== null && v >= GAP_RANGE.min && v <= GAP_RANGE.max ? v : 'range';
}

/** A typed design speed, or why not: whole km/h between 5 and 140. */
export function checkSpeed(text: string): number | 'range' {
  const v = parseNumber(text);
  return v !== null && Number.isInteger(v) && v >= SPEED_RANGE.min && v <= SPEED_RANGE.max ? v : 'range';
}

/** The runs' deficient count against the run before it (null for the oldest shown). */
export function changeFromPrevious(runs: readonly SightRun[], i: number): number | null {
  return i + 1 < runs.length ? runs[i].deficient - runs[i + 1].deficient : null;
}

export function useSightSettings(enabled: boolean) {
  return useQuery({
    queryKey: ['sight-settings'],
    queryFn: ({ signal }) => getJson<SightSettings>(apiUrl('/intersections/settings'), signal),
    enabled,
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}

/** Re-runs the whole city's analysis; then everything read from it is read again. */
export function useAnalyse() {
  const queryClient = useQueryClient();
  return useMutation({
    // The whole city takes many seconds: a job of the API, followed to its end.
    mutationFn: (body: AnalyseRequest) =>
      sendAsJob<SightSettings & { intersections: number; deficient: number; ms: number }>(apiUrl('/intersections/analyse'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    onSuccess: () =>
      Promise.all(['sight-settings', 'intersections', 'intersection'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}
