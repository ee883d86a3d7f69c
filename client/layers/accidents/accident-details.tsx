import { useEffect } from 'react';
import { useAccidentDetails } from './accident-queries';
import type { AccidentDetailsResponse } from '@client/api/types';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Locale, type Translate } from '@client/i18n/locale';
import { SEVERITY_COLOR, cssColor } from './severity';

interface AccidentDetailsProps {
  id: number;
  onClose(): void;
}

function label(t: Translate, prefix: string, value: string | null | undefined): string {
  if (!value) return t('details.unknown');
  const key = `${prefix}.${value}`;
  return translateOr(t, key, value);
}

/** `2024-04-10（周三）10:27` / `2024-04-10 (Wed) 10:27`, in Beijing time whatever the device's zone. */
function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${part('year')}-${part('month')}-${part('day')}`;
  const weekday = locale === 'zh' ? `（${part('weekday')}）` : ` (${part('weekday')}) `;
  return `${day}${weekday}${part('hour')}:${part('minute')}`;
}

function rows(d: AccidentDetailsResponse, t: Translate, locale: Locale): [string, string][] {
  const road = d.roadName;
  const ref = d.roadRef;
  return [
    [t('details.externalId'), d.externalId],
    [t('details.time'), formatTime(d.occurredAt, locale)],
    [t('details.casualties'), t('details.casualtiesValue', { deaths: d.deaths, injuries: d.injuries })],
    [t('details.vehicles'), d.vehicleTypes.length ? d.vehicleTypes.map((v) => label(t, 'vehicle', v)).join(locale === 'zh' ? '、' : ', ') : t('details.unknown')],
    [t('details.light'), label(t, 'light', d.light)],
    [t('details.weather'), label(t, 'weather', d.weather)],
    [t('details.road'), road ? (ref && !road.includes(ref) ? `${road}（${ref}）` : road) : t('details.unknown')],
    [t('details.county'), d.countyName ?? t('details.unknown')],
    [t('details.township'), d.townshipName ?? t('details.unknown')],
    // What a brigade's export says, when it said it.
    ...(d.place ? [[t('details.place'), d.place] as [string, string]] : []),
    ...(d.manner ? [[t('details.manner'), d.manner] as [string, string]] : []),
    ...(d.propertyLoss !== null && d.propertyLoss !== undefined ? [[t('details.propertyLoss'), t('details.yuan', { amount: d.propertyLoss.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })] as [string, string]] : []),
    ...(d.stake ? [[t('details.stake'), d.placedBy === 'stake' ? t('details.placedByStake', { stake: d.stake }) : d.stake] as [string, string]] : []),
  ];
}

export function AccidentDetails({ id, onClose }: AccidentDetailsProps) {
  const { t, locale } = useI18n();
  const details = useAccidentDetails(id);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="details" data-testid="accident-details" aria-label={t('details.title')}>
      <header className="details-header">
        <h2>{t('details.title')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('details.close')} title={t('details.close')}>
          ×
        </button>
      </header>
      {details.isPending && <p className="panel-muted">{t('details.loading')}</p>}
      {details.isError && (
        <p className="panel-error" role="alert">
          {t('details.error', { message: details.error.message })}
        </p>
      )}
      {details.isSuccess && (
        <>
          <p className="severity-tag" style={{ background: cssColor(SEVERITY_COLOR[details.data.severity] ?? SEVERITY_COLOR.pdo) }}>
            {label(t, 'severity', details.data.severity)}
          </p>
          <dl className="details-list">
            {rows(details.data, t, locale).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {details.data.synthetic && <p className="details-note">{t('details.synthetic')}</p>}
          {details.data.source && (
            <p className="details-note" data-testid="accident-source">
              {t('details.imported', { file: details.data.source.file, row: details.data.source.row ?? '—', by: details.data.source.by, at: details.data.source.at ?? '' })}
            </p>
          )}
        </>
      )}
    </aside>
  );
}
