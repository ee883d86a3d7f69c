import { useState, type FormEvent } from 'react';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { WriteProblemNote } from '../hazards/write-problem-note';
import { EYE_HEIGHT, obstacleProblem, parseHeight, polygonOf, useObstacleWrite } from './obstacle-writes';
import type { ObstacleType } from './sight-types';

/** The API's types (docs/API.md, "Sight lines"), in the form's order. */
export const OBSTACLE_TYPE_LIST: readonly ObstacleType[] = ['building', 'wall', 'vegetation', 'stall', 'parked_vehicles', 'other'];

interface ObstacleFormProps {
  vertices: [number, number][];
  onSaved(): void;
  onRedraw(): void;
  onCancel(): void;
}

/** What the drawn outline is: type, height, note; saved, or the API's reason beside the field it named. */
export function ObstacleForm({ vertices, onSaved, onRedraw, onCancel }: ObstacleFormProps) {
  const { t } = useI18n();
  const [type, setType] = useState<ObstacleType>('wall');
  const [heightText, setHeightText] = useState('2');
  const [note, setNote] = useState('');
  const write = useObstacleWrite();
  const problem = write.error ? obstacleProblem(write.error, t) : null;
  const fieldError = (field: string) => (problem?.field === field ? problem.message : null);
  const height = parseHeight(heightText);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (height === null) return;
    const obstacle = { type, height, geometry: polygonOf(vertices), ...(note.trim() ? { note: note.trim() } : {}) };
    write.mutate({ kind: 'create', obstacle }, { onSuccess: onSaved });
  };

  return (
    <form className="form obstacle-form" data-testid="obstacle-form" onSubmit={submit}>
      <h3>{t('sight.draw.title')}</h3>
      <FormField label={t('sight.draw.type')} error={fieldError('type')}>
        <select data-testid="obstacle-type" value={type} onChange={(e) => setType(e.target.value as ObstacleType)}>
          {OBSTACLE_TYPE_LIST.map((k) => (
            <option key={k} value={k}>
              {t(`sight.obstacle.type.${k}`)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField label={t('sight.draw.height')} hint={t('sight.obstacle.trimHint', { eye: EYE_HEIGHT })} error={fieldError('height')}>
        <input type="number" inputMode="decimal" min="0.1" step="0.1" required data-testid="obstacle-new-height" value={heightText} onChange={(e) => setHeightText(e.target.value)} />
      </FormField>
      <FormField label={t('sight.draw.note')} error={fieldError('note')}>
        <input type="text" maxLength={2000} data-testid="obstacle-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </FormField>
      {problem?.field === 'geometry' && (
        <p className="form-error" role="alert" data-testid="obstacle-geometry-error">
          {problem.message}{' '}
          <button type="button" className="link-button" onClick={onRedraw}>
            {t('sight.draw.redraw')}
          </button>
        </p>
      )}
      {problem && !['type', 'height', 'note', 'geometry'].includes(problem.field ?? '') && <WriteProblemNote problem={problem} />}
      <div className="form-actions">
        <button type="button" className="link-button" onClick={onCancel}>
          {t('hazard.cancel')}
        </button>
        <button type="submit" className="button button-small" data-testid="obstacle-save" disabled={height === null || write.isPending}>
          {write.isPending ? t('sight.obstacle.saving') : t('sight.obstacle.save')}
        </button>
      </div>
    </form>
  );
}
