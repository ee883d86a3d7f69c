import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiRequestError, apiUrl, sendJson } from '@client/api/http';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from '@client/layers/hazards/hazard-errors';

interface VersionedWrite {
  method: 'POST' | 'PATCH';
  /** The API path, e.g. `/markets/12/status`. */
  path: string;
  /** The version the card read: a write names it, and the API refuses a stale one (409). */
  version: number;
  /** The fields to write, read when the write starts (or given to `save.mutate(fields)`). */
  body?: () => object;
  /** The queries to read again, saved or refused (the card and its list). */
  refresh: readonly QueryKey[];
  /** What to say when someone else changed the record since it was read. */
  staleMessage: string;
  onDone?: () => void;
}

/**
 * A write to one record from its card, sent with the version read. Saved or refused, the card and
 * the list are read again; a stale version is said in words, any other refusal names its field
 * (`problem.field`) or is said below the form.
 */
export function useVersionedWrite(w: VersionedWrite) {
  const { t } = useI18n();
  const client = useQueryClient();
  const refresh = () => {
    for (const queryKey of w.refresh) void client.invalidateQueries({ queryKey });
  };
  const save = useMutation({
    mutationFn: (fields?: object) => sendJson(w.method, apiUrl(w.path), { version: w.version, ...(fields ?? w.body?.()) }),
    onSuccess: () => {
      refresh();
      w.onDone?.();
    },
    onError: refresh,
  });
  const error = save.error;
  const stale = error instanceof ApiRequestError && error.status === 409 && error.details[0]?.reason === 'stale';
  const problem = !error ? null : stale ? { field: null, message: w.staleMessage } : writeProblem(error, t);
  return { save, problem };
}
