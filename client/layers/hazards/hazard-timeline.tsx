import { useI18n } from '@client/i18n/i18n-provider';
import { isMessageKey } from '@client/i18n/locale';
import { eventDataLines, formatDateTime, roleLabel } from './hazard-labels';
import type { HazardEvent } from './hazard-types';

/** 处理记录: every event, oldest first, with who did it, when, why, and what it set. */
export function HazardTimeline({ events }: { events: readonly HazardEvent[] }) {
  const { t } = useI18n();
  return (
    <section className="detail-block">
      <h3>{t('hazard.timeline')}</h3>
      <ol className="timeline" data-testid="hazard-timeline">
        {events.map((e) => {
          const actionKey = `hazard.action.${e.action}`;
          return (
            <li key={e.id} data-testid="timeline-event" data-action={e.action} data-actor={e.actor.username}>
              <div className="timeline-head">
                <strong>{isMessageKey(actionKey) ? t(actionKey) : e.action}</strong>
                <span className="timeline-states">
                  {e.from && e.from !== e.to ? `${t(`hazard.status.${e.from}`)} → ` : ''}
                  {t(`hazard.status.${e.to}`)}
                </span>
              </div>
              <div className="timeline-meta">
                {t('hazard.timeline.by', { name: e.actor.displayName, role: roleLabel(e.actor.role, t) })} · {formatDateTime(e.at)}
              </div>
              {e.note && <p className="timeline-note">{e.note}</p>}
              {eventDataLines(e.data, t).map(([label, value]) => (
                <div key={label} className="timeline-data">
                  <span>{label}</span> {value}
                </div>
              ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
