import type { Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { isMessageKey } from '@client/i18n/locale';
import type { UnitOption } from './hazard-actions';
import type { Hazard } from './hazard-types';

/** `2026-03-05 14:07` in Beijing time, whatever the device's zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function unitOptionLabel(option: UnitOption, h: Pick<Hazard, 'county'>, t: Translate): string {
  if (option.kind === 'township') return `${option.name}（${option.code}）`;
  const where = option.level === 'city' ? t('unit.city') : h.county.name;
  return `${t('unit.department', { place: where, department: t(`unit.dept.${option.suffix}`) })}（${option.code}）`;
}

/** A role's name, or the raw value for one this client does not know. */
export function roleLabel(role: string, t: Translate): string {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}

/** Data an event carries that the timeline does not show: internal ids, and the point (shown as the hazard's). */
const HIDDEN_EVENT_DATA = new Set(['unitId', 'lon', 'lat', 'from']);

/** An event's data as label and value lines, e.g. 责任单位 371524-jtj, 整改期限 2026-06-30. */
export function eventDataLines(data: Record<string, unknown>, t: Translate): [string, string][] {
  return Object.entries(data)
    .filter(([key, value]) => !HIDDEN_EVENT_DATA.has(key) && value !== null && value !== undefined && value !== '')
    .map(([key, value]): [string, string] => {
      const label = isMessageKey(`hazard.field.${key}`) ? t(`hazard.field.${key}` as MessageKey) : key;
      const valueKey = `hazard.${key}.${String(value)}`;
      return [label, isMessageKey(valueKey) ? t(valueKey) : String(value)];
    });
}
