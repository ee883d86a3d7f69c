import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CardHeader } from '@client/app/card-header';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';
import { areaName } from '../hazards/hazard-labels';
import { GuardPosts } from './guard-posts';
import type { Audit, Gate, SchoolDetail } from './school-types';
import { ZoneStatsTable } from './zone-stats-table';

interface SchoolDetailsProps {
  id: number;
  detail: UseQueryResult<SchoolDetail>;
  onClose(): void;
  /** The audit form and the failed items' hazards, for who may write here. */
  children?: ReactNode;
}

const roadClass = (t: Translate, c: string) => translateOr(t, `roadClass.${c}`, c);

function GateLine({ gate }: { gate: Gate }) {
  const { t } = useI18n();
  const n = gate.nearestIntersection;
  return (
    <li data-testid="school-gate" data-far-enough={String(gate.intersectionFarEnough)}>
      <strong>{gate.name}</strong>
      {gate.road && <> · {t('school.gate.road', { road: gate.road.name ?? roadClass(t, gate.road.class), speed: gate.road.designSpeed })}</>}
      <br />
      {n ? (
        <span className={gate.intersectionFarEnough === false ? 'school-too-near' : undefined}>
          {t(gate.intersectionFarEnough === false ? 'school.gate.tooNear' : 'school.gate.far', { distance: Math.round(n.distance) })}
        </span>
      ) : (
        t('school.gate.noIntersection')
      )}
    </li>
  );
}

function AuditLine({ audit }: { audit: Audit }) {
  const { t } = useI18n();
  const failed = audit.items.filter((i) => i.result === 'fail');
  return (
    <li data-testid="school-audit" data-id={audit.id} data-failed={audit.failed}>
      <strong>{audit.doneOn}</strong>
      {audit.doneBy && <> · {audit.doneBy.displayName}</>}
      {audit.synthetic && <span className="synthetic-tag">{t('school.synthetic')}</span>}
      {' · '}
      {failed.length ? t('school.audit.failed', { items: failed.map((i) => t(`school.item.${i.item}`)).join('、') }) : t('school.audit.allPassed')}
      {audit.hazards.length > 0 && (
        <> · {t('school.audit.hazards', { numbers: audit.hazards.map((h) => h.number).join('、') })}</>
      )}
    </li>
  );
}

/** One school: its gates and how far each is from an intersection, its zone's roads, guard posts and audits. */
export function SchoolDetails({ id, detail, onClose, children }: SchoolDetailsProps) {
  const { t, locale } = useI18n();
  useEscape(onClose);
  const d = detail.data?.id === id ? detail.data : undefined;
  return (
    <aside className="details school-details" data-testid="school-details" data-id={id} aria-label={t('school.details')}>
      <CardHeader title={d ? d.name : t('school.details')} onClose={onClose} />
      {detail.isPending && <p className="panel-muted">{t('details.loading')}</p>}
      {detail.isError && (
        <p className="panel-error" role="alert">
          {t('details.error', { message: detail.error.message })}
        </p>
      )}
      {d && (
        <>
          <p className="hazard-tags">
            {d.guardPosts.length === 0 && <span className="severity-tag school-no-post">{t('school.state.noGuardPost')}</span>}
            {d.synthetic && (
              <span className="synthetic-tag" title={t('school.syntheticTitle')}>
                {t('school.synthetic')}
              </span>
            )}
          </p>
          <dl className="details-list">
            <div>
              <dt>{t('school.field.place')}</dt>
              <dd>{areaName(d, locale, ' · ')}</dd>
            </div>
            <div>
              <dt>{t('school.field.zone')}</dt>
              <dd data-testid="school-zone">
                {t('school.zone', { length: Math.round(d.zone.length), radius: d.zone.radius })}
                {d.zone.maxDesignSpeed !== null && <> · {t('school.zone.speed', { speed: d.zone.maxDesignSpeed })}</>}
              </dd>
            </div>
            <div>
              <dt>{t('school.field.hazards')}</dt>
              <dd>{t('school.hazards.open', { count: d.hazards.open })}</dd>
            </div>
          </dl>
          <section className="detail-block">
            <h3>{t('school.stats')}</h3>
            <ZoneStatsTable stats={d.stats} />
          </section>
          <section className="detail-block">
            <h3>{t('school.gates')}</h3>
            <ul className="school-lines">
              {d.gates.map((g) => (
                <GateLine key={g.id} gate={g} />
              ))}
            </ul>
          </section>
          <GuardPosts school={d} />
          <section className="detail-block">
            <h3>{t('school.audits')}</h3>
            {d.audits.length ? (
              <ul className="school-lines">
                {d.audits.map((a) => (
                  <AuditLine key={a.id} audit={a} />
                ))}
              </ul>
            ) : (
              <p className="detail-note">{t('school.noAudit')}</p>
            )}
          </section>
          {children}
        </>
      )}
    </aside>
  );
}
