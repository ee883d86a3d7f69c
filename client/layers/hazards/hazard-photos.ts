import { useMutation } from '@tanstack/react-query';
import { apiFetch, apiUrl, toError } from '@client/api/http';
import type { Translate } from '@client/i18n/locale';
import type { HazardEvent, Photo } from './hazard-types';

/** The API's limits (api/hazards/photos.ts): checked here first so a phone does not upload in vain. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 10;

/** Why these files cannot be uploaded (naming the file), or null. */
export function photoFilesProblem(files: readonly File[], t: Translate): string | null {
  if (files.length > MAX_PHOTOS) return t('photos.tooMany', { max: MAX_PHOTOS });
  for (const f of files) {
    if (!(PHOTO_TYPES as readonly string[]).includes(f.type)) return t('photos.notImage', { name: f.name });
    if (f.size > MAX_PHOTO_BYTES) return t('photos.tooLarge', { name: f.name, mb: MAX_PHOTO_BYTES / 1048576 });
  }
  return null;
}

/** POST /api/hazards/:id/attachments: the photos saved, or the API's error. */
export async function uploadPhotos(hazardId: number, files: readonly File[], note?: string): Promise<Photo[]> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  if (note) form.append('note', note);
  const response = await apiFetch(apiUrl(`/hazards/${hazardId}/attachments`), { method: 'POST', body: form, headers: { accept: 'application/json' } });
  if (!response.ok) throw await toError(response);
  return ((await response.json()) as { attachments: Photo[] }).attachments;
}

export function useUploadPhotos(hazardId: number, onSettled: () => void) {
  return useMutation({ mutationFn: (files: readonly File[]) => uploadPhotos(hazardId, files), onSettled });
}

/** One timeline entry: an event, and the photos it brought or named. */
export interface TimelineEntry {
  event: HazardEvent;
  photos: Photo[];
}

/**
 * The timeline as shown: each event with its photos; a `photos` upload whose pictures the same
 * person's next event names (evidence sent with a report) is folded into that event.
 */
export function timelineEntries(events: readonly HazardEvent[], photos: readonly Photo[]): TimelineEntry[] {
  const byId = new Map(photos.map((p) => [p.id, p]));
  const entries: TimelineEntry[] = [];
  events.forEach((event, i) => {
    const ids = event.attachments ?? [];
    const next = events[i + 1];
    const folded =
      event.action === 'photos' && !event.note && ids.length > 0 && next && next.actor.username === event.actor.username && ids.every((id) => next.attachments?.includes(id));
    if (folded) return;
    entries.push({ event, photos: ids.map((id) => byId.get(id)).filter((p): p is Photo => !!p) });
  });
  return entries;
}

/**
 * 整改前后: the photos the latest report named as its evidence (after), and those taken before
 * the first report that no report named (before: the hazard as found, interim measures). Null
 * until a report names a photo.
 */
export function beforeAfter(events: readonly HazardEvent[], photos: readonly Photo[]): { before: Photo[]; after: Photo[] } | null {
  const reports = events.filter((e) => e.action === 'report');
  const last = reports.at(-1);
  if (!last) return null;
  const afterIds = new Set(last.attachments ?? []);
  const after = photos.filter((p) => afterIds.has(p.id));
  if (!after.length) return null;
  const named = new Set(reports.flatMap((r) => r.attachments ?? []));
  const firstReport = reports[0].id;
  const before = photos.filter((p) => !named.has(p.id) && p.eventId !== null && p.eventId < firstReport);
  return { before, after };
}
