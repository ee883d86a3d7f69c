import { useState, type FormEvent } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { WriteProblemNote } from '../hazards/write-problem-note';
import { EYE_HEIGHT, obstacleProblem, parseHeight, useObstacleWrite } from './obstacle-writes';
import type { ObstacleProperties } from './sight-types';

type Step = { kind: 'idle' } | { kind: 'height'; text: string } | { kind: 'delete' };

/** 修剪/降低 and 删除 under one listed obstacle, each sending the version the card read. */
export function ObstacleActions({ obstacle }: { obstacle: ObstacleProperties }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const write = useObstacleWrite();
  const problem = write.error ? obstacleProblem(write.error, t) : null;
  const height = step.kind === 'height' ? parseHeight(step.text) : null;
  const close = () => {
    setStep({ kind: 'idle' });
    write.reset();
  };
  const lower = (e: FormEvent) => {
    e.preventDefault();
    // Still listed afterwards when it still blocks the view (lowered, not below the eye): show it as it is now.
    if (height !== null) write.mutate({ kind: 'height', id: obstacle.id, version: obstacle.version, height }, { onSuccess: () => setStep({ kind: 'idle' }) });
  };

  return (
    <div className="obstacle-actions">
      {step.kind === 'idle' && (
        <>
          <button type="button" className="link-button" data-testid="obstacle-trim" onClick={() => setStep({ kind: 'height', text: String(obstacle.height) })}>
            {t('sight.obstacle.trim')}
          </button>
          <button type="button" className="link-button" data-testid="obstacle-delete" onClick={() => setStep({ kind: 'delete' })}>
            {t('sight.obstacle.delete')}
          </button>
        </>
      )}
      {step.kind === 'height' && (
        <form className="obstacle-height" data-testid="obstacle-height-form" onSubmit={lower}>
          <label>
            <span>{t('sight.obstacle.newHeight')}</span>
            <input
              type="number"
              inputMode="decimal"
              min="0.1"
              step="0.1"
              required
              data-testid="obstacle-height"
              value={step.text}
              onChange={(e) => setStep({ kind: 'height', text: e.target.value })}
            />
            <span>m</span>
          </label>
          <small className="param-hint">{t('sight.obstacle.trimHint', { eye: EYE_HEIGHT })}</small>
          <div className="form-actions">
            <button type="button" className="link-button" onClick={close}>
              {t('hazard.cancel')}
            </button>
            <button type="submit" className="button button-small" data-testid="obstacle-height-save" disabled={height === null || write.isPending}>
              {write.isPending ? t('sight.obstacle.saving') : t('sight.obstacle.save')}
            </button>
          </div>
        </form>
      )}
      {step.kind === 'delete' && (
        <div className="obstacle-confirm" role="group">
          <span>{t('sight.obstacle.deleteConfirm')}</span>
          <button
            type="button"
            className="button button-small"
            data-testid="obstacle-delete-confirm"
            disabled={write.isPending}
            onClick={() => write.mutate({ kind: 'delete', id: obstacle.id, version: obstacle.version })}
          >
            {t('sight.obstacle.delete')}
          </button>
          <button type="button" className="link-button" onClick={close}>
            {t('hazard.cancel')}
          </button>
        </div>
      )}
      {problem && <WriteProblemNote problem={problem} />}
    </div>
  );
}
