import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import { Dialog } from '@client/app/dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Locale, Translate } from '@client/i18n/locale';
import type { Hazard, HazardType } from './hazard-types';

/** `GET /api/hazards/due`: one hazard whose deadline has passed or comes within the days. */
export interface DueItem {
  id: number;
  number: string;
  type: HazardType;
  deadline: string;
  /** Days left; negative when overdue. */
  days: number;
  extensionTo: string | null;
  roadName: string | null;
  lon: number;
  lat: number;
  township: { code: string; name: string; nameEn: string | null } | null;
  unit: { code: string; name: string; nameEn: string | null } | null;
}

export interface Due {
  today: string;
  days: number;
  overdue: { total: number; items: DueItem[] };
  dueSoon: { total: number; items: DueItem[] };
}

/** The user's deadlines, read again with the ledger after every write (its key starts with 'hazards'). */
export function useDue(enabled: boolean) {
  return useQuery({
    queryKey: ['hazards', 'due'],
    queryFn: ({ signal }) => getJson<Due>(apiUrl('/hazards/due'), signal),
    enabled,
    retry: retryServerErrors,
  });
}

const seenKey = (username: string, today: string) => `changan.dueSeen.${username}.${today}`;

function seen(username: string, today: string): boolean {
  try {
    return sessionStorage.getItem(seenKey(username, today)) === '1';
  } catch {
    return false;
  }
}

function markSeen(username: string, today: string) {
  try {
    sessionStorage.setItem(seenKey(username, today), '1');
  } catch {
    // A browser without storage shows the reminder again on a reload: harmless.
  }
}

function where(item: DueItem, locale: Locale): string {
  const town = item.township && (locale === 'en' && item.township.nameEn ? item.township.nameEn : item.township.name);
  return [town, item.roadName].filter(Boolean).join(' · ');
}

function daysText(item: DueItem, t: Translate): string {
  if (item.days < 0) return t('due.overdueBy', { days: -item.days });
  return item.days === 0 ? t('due.today') : t('due.left', { days: item.days });
}

/**
 * 到期提醒: once a day and browser session, when a user signs in with hazards overdue or coming due
 * within the days, the list of them, most urgent first; a row opens its hazard on the map.
 */
export function DueReminder({ username, due, onOpen }: { username: string; due: Due; onOpen(h: Pick<Hazard, 'id' | 'lon' | 'lat'>): void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(() => due.overdue.total + due.dueSoon.total > 0 && !seen(username, due.today));
  if (!open) return null;
  const close = () => {
    markSeen(username, due.today);
    setOpen(false);
  };
  const group = (kind: 'overdue' | 'dueSoon', list: Due['overdue']) =>
    list.total > 0 && (
      <section className={`due-group due-${kind}`} data-testid={`due-${kind}`} data-total={list.total}>
        <h3>{t(kind === 'overdue' ? 'due.overdue' : 'due.soon', { count: list.total, days: due.days })}</h3>
        <ul>
          {list.items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="due-row"
                data-testid="due-row"
                data-id={item.id}
                onClick={() => {
                  close();
                  onOpen(item);
                }}
              >
                <span className="due-number">{item.number}</span>
                <span className="due-type">{t(`hazard.type.${item.type}`)}</span>
                <span className="due-where">{where(item, locale)}</span>
                <span className="due-days">
                  {item.deadline} · {daysText(item, t)}
                  {item.extensionTo && ` · ${t('due.extensionAsked', { date: item.extensionTo })}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {list.total > list.items.length && <p className="panel-muted">{t('due.more', { count: list.total - list.items.length })}</p>}
      </section>
    );
  return (
    <Dialog title={t('due.title')} onClose={close} testId="due-reminder">
      {group('overdue', due.overdue)}
      {group('dueSoon', due.dueSoon)}
      <div className="form-actions">
        <button type="button" className="button" data-testid="due-close" onClick={close}>
          {t('due.close')}
        </button>
      </div>
    </Dialog>
  );
}
