import { useEffect, useMemo, useRef, useState } from 'react';
import { Dialog } from '@client/app/dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from './hazard-errors';
import { formatDateTime } from './hazard-labels';
import { photoFilesProblem, PHOTO_TYPES, useUploadPhotos } from './hazard-photos';
import { useRefreshLedger } from './hazard-queries';
import type { Photo } from './hazard-types';

/** Photos to look at, and which one. */
export interface Viewing {
  photos: Photo[];
  index: number;
}

/** A row of thumbnails; a tap opens the photo large. */
export function PhotoStrip({ photos, onOpen }: { photos: Photo[]; onOpen(viewing: Viewing): void }) {
  const { t } = useI18n();
  return (
    <ul className="photo-strip" data-testid="photo-strip">
      {photos.map((p, index) => (
        <li key={p.id}>
          <button type="button" className="photo-thumb" data-testid="photo-thumb" data-photo-id={p.id} title={p.filename} onClick={() => onOpen({ photos, index })}>
            <img src={p.thumbUrl} alt={t('photos.alt', { name: p.filename })} loading="lazy" />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** One photo over the app, with the ones beside it (arrow keys or buttons), who took it and the original. */
export function PhotoViewer({ viewing, onChange, onClose }: { viewing: Viewing; onChange(v: Viewing): void; onClose(): void }) {
  const { t } = useI18n();
  const { photos, index } = viewing;
  const photo = photos[index];
  const go = (step: number) => onChange({ photos, index: (index + step + photos.length) % photos.length });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft') go(-1);
      if (e.key === 'ArrowRight') go(1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <Dialog title={t('photos.viewer', { n: index + 1, total: photos.length })} onClose={onClose} testId="photo-viewer">
      <figure className="photo-view">
        <img src={photo.url} alt={t('photos.alt', { name: photo.filename })} width={photo.width} height={photo.height} />
        <figcaption>
          {t('photos.by', { name: photo.uploadedBy.displayName, time: formatDateTime(photo.uploadedAt) })} ·{' '}
          <a href={photo.url} target="_blank" rel="noreferrer">
            {t('photos.original', { width: photo.width, height: photo.height })}
          </a>
        </figcaption>
      </figure>
      {photos.length > 1 && (
        <div className="form-actions">
          <button type="button" className="button button-small button-quiet" onClick={() => go(-1)}>
            {t('photos.prev')}
          </button>
          <button type="button" className="button button-small button-quiet" data-testid="photo-next" onClick={() => go(1)}>
            {t('photos.next')}
          </button>
        </div>
      )}
    </Dialog>
  );
}

/** Choosing photos for a form (a phone offers its camera): previews, remove, and the limits checked before sending. */
export function PhotoPicker({ files, onChange, testId }: { files: File[]; onChange(files: File[]): void; testId: string }) {
  const { t } = useI18n();
  const previews = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);
  const problem = photoFilesProblem(files, t);
  return (
    <div className="photo-picker">
      {/* The browser's own file button speaks the browser's language; this one speaks the app's. */}
      <label className="button button-small button-quiet photo-choose">
        {files.length ? t('photos.chooseMore', { count: files.length }) : t('photos.choose')}
        <input
          type="file"
          hidden
          accept={PHOTO_TYPES.join(',')}
          multiple
          data-testid={testId}
          onChange={(e) => {
            onChange([...files, ...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </label>
      <small className="param-hint">{t('photos.hint')}</small>
      {problem && (
        <small className="param-error" role="alert">
          {problem}
        </small>
      )}
      {files.length > 0 && (
        <ul className="photo-strip">
          {files.map((f, i) => (
            <li key={previews[i]}>
              <img className="photo-thumb" src={previews[i]} alt={f.name} />
              <button type="button" className="link-button" aria-label={t('photos.remove', { name: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The hazard's photos in the drawer, and (for who may) a button that uploads more at once. */
export function HazardPhotos({ hazardId, photos, mayAdd, onOpen }: { hazardId: number; photos: Photo[]; mayAdd: boolean; onOpen(v: Viewing): void }) {
  const { t } = useI18n();
  const refresh = useRefreshLedger();
  const upload = useUploadPhotos(hazardId, refresh);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const problem = localProblem ?? (upload.error ? writeProblem(upload.error, t).message : null);
  if (!photos.length && !mayAdd) return null;

  const send = (files: File[]) => {
    const bad = photoFilesProblem(files, t);
    setLocalProblem(bad);
    if (!bad && files.length) upload.mutate(files);
  };

  return (
    <section className="detail-block" data-testid="hazard-photos" data-count={photos.length}>
      <h3>
        {t('photos.title')} {photos.length > 0 && <span className="panel-muted">({photos.length})</span>}
      </h3>
      {photos.length > 0 ? <PhotoStrip photos={photos} onOpen={onOpen} /> : <p className="panel-muted">{t('photos.none')}</p>}
      {mayAdd && (
        <>
          <input
            ref={input}
            type="file"
            hidden
            accept={PHOTO_TYPES.join(',')}
            multiple
            data-testid="photo-add-input"
            onChange={(e) => {
              send([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
          <button type="button" className="button button-small button-quiet" data-testid="photo-add" disabled={upload.isPending} onClick={() => input.current?.click()}>
            {upload.isPending ? t('photos.uploading') : t('photos.add')}
          </button>
        </>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="photo-problem">
          {problem}
        </p>
      )}
    </section>
  );
}

/** 整改前后 side by side: the hazard as found and the work reported done, a tap opens either large. */
export function BeforeAfter({ before, after, onOpen }: { before: Photo[]; after: Photo[]; onOpen(v: Viewing): void }) {
  const { t } = useI18n();
  const side = (kind: 'before' | 'after', photos: Photo[]) => (
    <figure className="before-after-side" data-testid={`photos-${kind}`} data-count={photos.length}>
      <figcaption>
        {t(kind === 'before' ? 'photos.before' : 'photos.after')}
        {photos.length > 1 && <span className="panel-muted"> ({photos.length})</span>}
      </figcaption>
      {photos.length ? (
        <button type="button" className="before-after-photo" onClick={() => onOpen({ photos, index: 0 })}>
          <img src={photos[0].thumbUrl} alt={t('photos.alt', { name: photos[0].filename })} loading="lazy" />
        </button>
      ) : (
        <p className="panel-muted">{t('photos.noBefore')}</p>
      )}
    </figure>
  );
  return (
    <section className="detail-block before-after" data-testid="before-after">
      <h3>{t('photos.beforeAfter')}</h3>
      <div className="before-after-pair">
        {side('before', before)}
        {side('after', after)}
      </div>
    </section>
  );
}
