import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, apiFetch, apiUrl, sendJson, toError } from '@client/api/http';
import type { Translate } from '@client/i18n/locale';
import { writeProblem, type WriteProblem } from '../hazards/hazard-errors';
import type { ObstacleFeature, ObstacleType } from './sight-types';

/** The driver's eye (docs/API.md, "Sight lines"): an obstacle lower than this no longer blocks the view. */
export const EYE_HEIGHT = 1.2;

/** What every obstacle write answers: the obstacle as saved (null once deleted) and what the server re-analysed. */
export interface ObstacleWriteResult {
  obstacle: ObstacleFeature | null;
  analysis: { intersections: number; deficient: number };
}

export interface NewObstacle {
  type: ObstacleType;
  height: number;
  geometry: GeoJSON.Polygon;
  note?: string;
}

export type ObstacleWrite =
  | { kind: 'create'; obstacle: NewObstacle }
  | { kind: 'height'; id: number; version: number; height: number }
  | { kind: 'delete'; id: number; version: number };

/** A number as typed ("0.8", " 2,5 "), or null when it is not one. */
export function parseNumber(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/** A height as typed: metres, or null when it is not a positive number. */
export function parseHeight(text: string): number | null {
  const value = parseNumber(text);
  return value !== null && value > 0 ? value : null;
}

/** The clicked vertices as a GeoJSON polygon: the ring closed, as the API expects. */
export function polygonOf(vertices: readonly [number, number][]): GeoJSON.Polygon {
  return { type: 'Polygon', coordinates: [[...vertices, vertices[0]]] };
}

async function sendWrite(write: ObstacleWrite): Promise<ObstacleWriteResult> {
  switch (write.kind) {
    case 'create':
      return sendJson('POST', apiUrl('/obstacles'), write.obstacle);
    case 'height':
      return sendJson('PATCH', apiUrl(`/obstacles/${write.id}`), { version: write.version, height: write.height });
    case 'delete': {
      const response = await apiFetch(apiUrl(`/obstacles/${write.id}?version=${write.version}`), { method: 'DELETE', headers: { accept: 'application/json' } });
      if (!response.ok) throw await toError(response);
      return (await response.json()) as ObstacleWriteResult;
    }
  }
}

/** A refused obstacle write in the user's language; a stale version says that the card has been reloaded. */
export function obstacleProblem(error: Error, t: Translate): WriteProblem {
  if (error instanceof ApiRequestError && error.status === 409) return { field: null, message: t('sight.obstacle.stale'), current: null, duplicates: null };
  return writeProblem(error, t);
}

/** The server re-analyses the intersections near the obstacle: the list, the card and its drawing are read again. */
export function useRefreshSight() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['intersections'] }),
      queryClient.invalidateQueries({ queryKey: ['intersection'] }),
    ]);
}

/** One obstacle write; after it, or after a 409 (someone else changed it), the analysis is read again. */
export function useObstacleWrite() {
  const refresh = useRefreshSight();
  return useMutation({
    mutationFn: sendWrite,
    onSuccess: () => refresh(),
    onError: (error) => (error instanceof ApiRequestError && error.status === 409 ? refresh() : undefined),
  });
}
