import { useCallback, useState, type ReactNode } from 'react';
import { CardHeader } from '@client/app/card-header';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Locale, Translate } from '@client/i18n/locale';
import { ActionForm } from './action-form';
import { formatDateTime, unitLabel } from './hazard-labels';
import { useHazard } from './hazard-queries';
import { placeOf } from './hazard-sort';
import type { HazardAction, HazardDetail } from './hazard-types';
import { HazardTimeline } from './hazard-timeline';
import { StatusTag } from './ledger-table';
import { beforeAfter } from './hazard-photos';
import { BeforeAfter, HazardPhotos, PhotoViewer, type Viewing } from './photo-views';

function facts(h: HazardDetail, t: Translate, locale: Locale): [string, string | null][] {
  return [
    [t('hazard.field.type'), t(`hazard.type.${h.type}`)],
    [t('hazard.field.risk'), t(`hazard.risk.${h.risk}`)],
    [t('hazard.field.description'), h.description],
    [t('hazard.field.place'), placeOf(h, locale)],
    [t('hazard.field.coords'), `${h.lon.toFixed(5)}, ${h.lat.toFixed(5)}`],
    [t('hazard.field.foundOn'), h.foundOn],
    [t('hazard.field.reporter'), h.reporter.displayName],
    [t('hazard.field.unit'), h.unit && unitLabel(h.unit, locale)],
    [t('hazard.field.deadline'), h.deadline],
    [t('hazard.field.extensionTo'), h.extensionTo && t('hazard.extensionPending', { date: h.extensionTo })],
    [t('hazard.field.noticeNo'), h.noticeNo],
    [t('hazard.field.externalNo'), h.externalNo],
    [t('hazard.field.plan'), h.plan],
    [t('hazard.field.measures'), h.measures],
    [t('hazard.field.resolution'), h.resolution && t(`hazard.resolution.${h.resolution}`)],
    [t('hazard.field.marketResolution'), h.marketResolution && t(`hazard.marketResolution.${h.marketResolution}`)],
    [t('hazard.field.duplicateOf'), h.duplicateOf === null ? null : String(h.duplicateOf)],
    [t('hazard.field.closedAt'), h.closedAt && formatDateTime(h.closedAt)],
  ];
}

/** One hazard: all its fields, the actions this user may take now, and its timeline. */
/** What other features add to a hazard's card (FeatureServices.hazardSections), below its facts. */
export type HazardSections = (h: { id: number; number: string; status: string; resolution: string | null }) => ReactNode;

export function HazardDetails({ id, onClose, onOpenMarket, sections }: { id: number; onClose(): void; onOpenMarket?: (id: number) => void; sections?: HazardSections }) {
  const { t, locale } = useI18n();
  const detail = useHazard(id);
  const [action, setAction] = useState<HazardAction | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const noop = useCallback(() => undefined, []);
  // Escape closes the photo first, then the drawer.
  useEscape(viewing ? noop : onClose);
  const h = detail.data;
  const pair = h ? beforeAfter(h.events, h.attachments) : null;

  return (
    <aside className="details hazard-details" data-testid="hazard-details" data-id={id} data-status={h?.status} data-version={h?.version} aria-label={t('hazard.details')}>
      <CardHeader title={h ? h.number : t('hazard.details')} onClose={onClose} />
      {detail.isPending && <p className="panel-muted">{t('details.loading')}</p>}
      {detail.isError && (
        <p className="panel-error" role="alert">
          {t('details.error', { message: detail.error.message })}
        </p>
      )}
      {h && (
        <>
          <p className="hazard-tags">
            <StatusTag hazard={h} />
            {h.overdue && <span className="overdue-mark">{t('hazard.overdue')}</span>}
            <span className={`risk-tag risk-${h.risk}`}>{t(`hazard.risk.${h.risk}`)}</span>
          </p>
          <dl className="details-list">
            {facts(h, t, locale)
              .filter((row): row is [string, string] => !!row[1])
              .map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
          </dl>
          {h.market && (
            <p className="hazard-market" data-testid="hazard-market" data-id={h.market.id}>
              <span>{t('hazard.market', { name: h.market.name, status: t(`hazard.marketStatus.${h.market.status}`) })}</span>
              {onOpenMarket && (
                <button type="button" className="link-button" data-testid="hazard-open-market" onClick={() => onOpenMarket(h.market!.id)}>
                  {t('hazard.openMarket')}
                </button>
              )}
            </p>
          )}
          {action ? (
            <ActionForm key={action} hazard={h} action={action} onDone={() => setAction(null)} onGone={onClose} onCancel={() => setAction(null)} />
          ) : (
            h.allowedActions.length > 0 && (
              <div className="hazard-actions" role="group" aria-label={t('hazard.actions')}>
                {h.allowedActions.map((a) => (
                  <button key={a} type="button" className="button button-small" data-testid={`hazard-action-${a}`} onClick={() => setAction(a)}>
                    {t(`hazard.action.${a}`)}
                  </button>
                ))}
              </div>
            )
          )}
          {sections?.(h)}
          {pair && <BeforeAfter before={pair.before} after={pair.after} onOpen={setViewing} />}
          <HazardPhotos hazardId={h.id} photos={h.attachments} mayAdd={h.mayAddPhotos} onOpen={setViewing} />
          <HazardTimeline events={h.events} photos={h.attachments} onOpenPhoto={setViewing} />
          {viewing && <PhotoViewer viewing={viewing} onChange={setViewing} onClose={() => setViewing(null)} />}
        </>
      )}
    </aside>
  );
}
