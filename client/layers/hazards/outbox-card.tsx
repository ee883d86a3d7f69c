import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Hazard } from './hazard-types';
import type { OutboxItem } from './outbox-store';
import type { useOutbox } from './use-outbox';

type Outbox = ReturnType<typeof useOutbox>;

const time = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

/** One waiting registration: what it is, when it was made, and what stops it, with the choices. */
function OutboxRow({ item, outbox, onOpen }: { item: OutboxItem; outbox: Outbox; onOpen(h: Pick<Hazard, 'id' | 'lon' | 'lat'>): void }) {
  const { t } = useI18n();
  const state = item.state === 'photos' ? t('outbox.state.photos', { number: item.hazard?.number ?? '' }) : t(`outbox.state.${item.state}`);
  return (
    <li className="outbox-row" data-testid="outbox-row" data-state={item.state} data-ref={item.ref}>
      <div className="outbox-what">
        <strong>{t(`hazard.type.${item.body.type}` as never)}</strong>
        <span>{item.body.description.length > 40 ? `${item.body.description.slice(0, 40)}…` : item.body.description}</span>
      </div>
      <div className="outbox-meta">
        {time(item.savedAt)}
        {item.photos.length > 0 && ` · ${t('outbox.photos', { n: item.photos.length })}`}
        {' · '}
        <span className="outbox-state">{state}</span>
      </div>
      {/* A duplicate is said by its state and the list below; a refusal in the API's (translated) words. */}
      {item.state === 'refused' && item.problem && (
        <p className="form-error" data-testid="outbox-problem">
          {item.problem.message}
        </p>
      )}
      {item.state === 'duplicate' && item.problem?.duplicates && (
        <ul className="outbox-duplicates">
          {item.problem.duplicates.map((d) => (
            <li key={d.id}>
              <button type="button" className="link-button" onClick={() => onOpen(d)}>
                {d.number}
              </button>{' '}
              {t('outbox.distance', { m: Math.round(d.distance) })}
            </li>
          ))}
        </ul>
      )}
      {(item.state === 'duplicate' || item.state === 'refused') && (
        <div className="outbox-actions">
          {item.state === 'duplicate' ? (
            <button type="button" className="button button-small" data-testid="outbox-confirm" onClick={() => void outbox.confirmNotDuplicate(item)}>
              {t('outbox.saveAnyway')}
            </button>
          ) : (
            <button type="button" className="button button-small button-quiet" data-testid="outbox-retry" onClick={() => void outbox.retry(item)}>
              {t('outbox.retry')}
            </button>
          )}
          <button type="button" className="link-button" data-testid="outbox-discard" onClick={() => window.confirm(t('outbox.discardAsk')) && void outbox.discard(item)}>
            {t('outbox.discard')}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * 待发送: the registrations kept on this phone until the signal lets them through. A chip while
 * closed (how many, and whether one needs the officer); open, each with its state and choices.
 */
export function OutboxCard({ outbox, onOpen, floating = false }: { outbox: Outbox; onOpen(h: Pick<Hazard, 'id' | 'lon' | 'lat'>): void; floating?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { items } = outbox;
  if (!items.length) return null;
  const stopped = items.filter((i) => i.state === 'duplicate' || i.state === 'refused').length;
  return (
    <section className={floating ? 'outbox outbox-floating' : 'outbox'} data-testid="outbox" data-count={items.length} data-open={open} aria-label={t('outbox.title')}>
      <button type="button" className="outbox-chip" data-testid="outbox-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('outbox.count', { n: items.length })}
        {stopped > 0 ? <span className="overdue-count">{t('outbox.stopped', { n: stopped })}</span> : <span className="outbox-waiting">{t('outbox.waiting')}</span>}
      </button>
      {open && (
        <div className="outbox-body">
          <p className="panel-muted">{t('outbox.explain')}</p>
          <ul className="outbox-list">
            {items.map((item) => (
              <OutboxRow key={item.ref} item={item} outbox={outbox} onOpen={onOpen} />
            ))}
          </ul>
          <button type="button" className="button button-small" data-testid="outbox-send" onClick={() => void outbox.send()}>
            {t('outbox.sendNow')}
          </button>
        </div>
      )}
    </section>
  );
}
