import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionUser } from '@client/api/api-client';
import { CardHeader } from '@client/app/card-header';
import { mayActAt } from '@client/auth/may-act';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Locale, Translate } from '@client/i18n/locale';
import { cssColor } from '../accidents/severity';
import { ObstacleActions } from './obstacle-actions';
import { ObstacleForm } from './obstacle-form';
import { SightAccidents } from './sight-accidents';
import { SightGrade } from './sight-grade';
import { SIGHT_SEVERITY_COLOR } from './sight-colors';
import { severityOf } from './sight-filter';
import { approachLine, isShort, metres, percent, placeText, roadNames } from './sight-labels';
import type { IntersectionDetail, ObstacleFeature } from './sight-types';
import type { ObstacleDraw } from './use-obstacle-draw';

interface SightDetailsProps {
  id: number;
  detail: UseQueryResult<IntersectionDetail>;
  user: SessionUser | null | undefined;
  onClose(): void;
  onRegister(detail: IntersectionDetail): void;
  /** 「添加遮挡物」: the drawing mode, shared with the map (its clicks add vertices) and its banner. */
  draw: ObstacleDraw;
}

function facts(d: IntersectionDetail, t: Translate, locale: Locale): [string, string][] {
  const roads = roadNames(d);
  const rows: [string, string | null][] = [
    [t('sight.field.place'), placeText(d, locale) || null],
    [t('sight.field.roads'), roads.length ? roads.join(t('sight.listSeparator')) : null],
    [t('sight.field.method'), d.method && t(`sight.method.${d.method}`)],
    [t('sight.field.share'), d.deficient ? percent(d.obstructedShare) : null],
    [t('sight.field.coords'), `${d.lon.toFixed(5)}, ${d.lat.toFixed(5)}`],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== null);
}

function ObstacleLine({ obstacle, editable }: { obstacle: ObstacleFeature; editable: boolean }) {
  const { t } = useI18n();
  const o = obstacle.properties;
  return (
    <li data-testid="sight-obstacle" data-id={o.id}>
      <strong>{t(`sight.obstacle.type.${o.type}`)}</strong> · {t('sight.obstacle.height', { height: o.height })}
      {o.note && <> · {o.note}</>}
      {o.synthetic && (
        <span className="synthetic-tag" title={t('sight.obstacle.syntheticTitle')}>
          {t('sight.obstacle.synthetic')}
        </span>
      )}
      {editable && <ObstacleActions obstacle={o} />}
    </li>
  );
}

/** One intersection: where, how it is measured, each approach's required and available distance, what blocks the view. */
export function SightDetails({ id, detail, user, onClose, onRegister, draw }: SightDetailsProps) {
  const { t, locale } = useI18n();
  useEscape(onClose);
  // A drawing belongs to the open intersection: closing the card or opening another ends it.
  useEffect(() => draw.stop, [id, draw.stop]);
  const d = detail.data?.id === id ? detail.data : undefined;
  const severity = d ? severityOf(d) : null;
  // Officers register hazards and edit obstacles inside their own area; admins anywhere.
  const mayEdit = !!d && mayActAt(user, { county: d.county?.code, township: d.township?.code });

  return (
    <aside
      className="details sight-details"
      data-testid="sight-details"
      data-id={id}
      data-severity={severity ?? 'none'}
      // On a phone the sheet steps aside while the officer taps the outline on the map (app.css).
      data-drawing={draw.step.kind === 'drawing'}
      aria-label={t('sight.details')}
    >
      <CardHeader
        title={
          <>
            {d ? t(`sight.kind.${d.kind}`) : t('sight.details')} <span className="hotspot-rank-inline">#{id}</span>
          </>
        }
        onClose={onClose}
      />
      {detail.isPending && <p className="panel-muted">{t('details.loading')}</p>}
      {detail.isError && (
        <p className="panel-error" role="alert">
          {t('details.error', { message: detail.error.message })}
        </p>
      )}
      {d && (
        <>
          <p className="hazard-tags">
            {severity ? (
              <span className="severity-tag" style={{ background: cssColor(SIGHT_SEVERITY_COLOR[severity]) }} title={t('sight.severityTitle')}>
                {t(`sight.severity.${severity}`)}
              </span>
            ) : (
              <span className="severity-tag sight-fine">{t('sight.details.fine')}</span>
            )}
            {d.deficient && d.required !== null && d.available !== null && (
              <span className="sight-worst">
                {/* The difference of the numbers shown, so that it adds up on the card. */}
                {t('sight.details.worst', { shortfall: metres(d.required) - metres(d.available), required: metres(d.required), available: metres(d.available) })}
              </span>
            )}
          </p>
          <dl className="details-list">
            {facts(d, t, locale).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {d.deficient && <SightGrade detail={d} severity={severity} />}
          <SightAccidents detail={d} />
          <section className="detail-block">
            <h3>{t('sight.approaches')}</h3>
            <ul className="sight-approaches">
              {d.approaches.map((a) => (
                <li key={a.leg} data-testid="sight-approach" data-short={isShort(a)}>
                  {approachLine(a, t)}
                </li>
              ))}
            </ul>
          </section>
          <section className="detail-block">
            <h3>{t('sight.obstacles')}</h3>
            {d.obstacles.length ? (
              <ul className="sight-obstacles">
                {d.obstacles.map((o) => (
                  <ObstacleLine key={o.id} obstacle={o} editable={mayEdit} />
                ))}
              </ul>
            ) : (
              <p className="detail-note">{t('sight.noObstacles')}</p>
            )}
          </section>
          {d.triangles.length > 0 && <p className="detail-note">{t('sight.mapNote')}</p>}
          {mayEdit && draw.step.kind === 'form' && <ObstacleForm vertices={draw.step.vertices} onSaved={draw.stop} onRedraw={draw.start} onCancel={draw.stop} />}
          {mayEdit && (
            <div className="hazard-actions">
              {d.deficient && (
                <button type="button" className="button button-small" data-testid="sight-register" onClick={() => onRegister(d)}>
                  {t('sight.register')}
                </button>
              )}
              {draw.step.kind === 'none' && (
                <button type="button" className="button button-small" data-testid="sight-add-obstacle" onClick={draw.start}>
                  {t('sight.obstacle.add')}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </aside>
  );
}
