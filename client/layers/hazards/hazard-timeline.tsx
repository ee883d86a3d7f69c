import { useI18n } from '@client/i18n/i18n-provider';
import { isMessageKey } from '@client/i18n/locale';
import { eventDataLines, formatDateTime, roleLabel } from './hazard-labels';
import { timelineEntries } from './hazard-photos';
import type { HazardEvent, Photo } from './hazard-types';
import { PhotoStrip, type Viewing } from './photo-views';

/** 处理记录: every event, oldest first, with who did it, when, why, what it set and its photos. */
export function HazardTimeline({ events, photos, onOpenPhoto }: { events: readonly HazardEvent[]; photos: readonly Photo[]; onOpenPhoto(v: Viewing): void }) {
  const { t, locale } = useI18n();
  return (
    <section className="detail-block">
      <h3>{t('hazard.timeline')}</h3>
      <ol className="timeline" data-testid="hazard-timeline">
        {timelineEntries(events, photos).map(({ event: e, photos: shown }) => {
          const actionKey = `hazard.action.${e.action}`;
          return (
            <li key={e.id} data-testid="timeline-event" data-action={e.action} data-actor={e.actor.username} data-photos={shown.length}>
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
              {eventDataLines(e.data, t, locale).map(([label, value]) => (
                <div key={label} className="timeline-data">
                  <span>{label}</span> {value}
                </div>
              ))}
              {shown.length > 0 && <PhotoStrip photos={shown} onOpen={onOpenPhoto} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
