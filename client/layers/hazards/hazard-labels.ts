import type { Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { isMessageKey, translateOr, type Locale } from '@client/i18n/locale';

/** `2026-03-05 14:07` in Beijing time, whatever the device's zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** A place or unit by its name in the user's language (the Chinese name when no English one is known). */
export function localName(named: { name: string; nameEn?: string | null }, locale: Locale): string {
  return locale === 'en' && named.nameEn ? named.nameEn : named.name;
}

type Named = { name: string; nameEn?: string | null };

/** A county and its township in the user's language, 东阿县 刘集镇 (or the county alone), joined by `separator`. */
export function areaName(p: { county: Named | null; township: Named | null }, locale: Locale, separator = ' '): string {
  return [p.county, p.township].filter((x): x is Named => x !== null).map((x) => localName(x, locale)).join(separator);
}

/** A unit to choose: its name and code, e.g. 东阿县交通运输局（371524-jtj）. */
export function unitLabel(unit: { code: string; name: string; nameEn?: string | null }, locale: Locale): string {
  return locale === 'en' ? `${localName(unit, locale)} (${unit.code})` : `${unit.name}（${unit.code}）`;
}

/** A role's name, or the raw value for one this client does not know. */
export function roleLabel(role: string, t: Translate): string {
  const key = `role.${role}`;
  return translateOr(t, key, role);
}

/** Data an event carries that the timeline does not show: internal ids, the point (shown as the hazard's), names shown with the unit's code. */
const HIDDEN_EVENT_DATA = new Set(['unitId', 'lon', 'lat', 'from', 'unitName', 'unitNameEn', 'attachments']);

/** An event's data as label and value lines, e.g. 责任单位 东阿县交通运输局（371524-jtj）, 整改期限 2026-06-30. */
export function eventDataLines(data: Record<string, unknown>, t: Translate, locale: Locale): [string, string][] {
  return Object.entries(data)
    .filter(([key, value]) => !HIDDEN_EVENT_DATA.has(key) && value !== null && value !== undefined && value !== '')
    .map(([key, value]): [string, string] => {
      const label = isMessageKey(`hazard.field.${key}`) ? t(`hazard.field.${key}` as MessageKey) : key;
      if (key === 'unitCode' && typeof data.unitName === 'string') {
        return [label, unitLabel({ code: String(value), name: data.unitName, nameEn: data.unitNameEn as string | null }, locale)];
      }
      const valueKey = `hazard.${key}.${String(value)}`;
      return [label, isMessageKey(valueKey) ? t(valueKey) : String(value)];
    });
}
