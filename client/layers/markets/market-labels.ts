import type { Locale, Translate } from '@client/i18n/locale';
import { areaName } from '../hazards/hazard-labels';
import { lunarDateName, scheduleName, weekdayName } from './market-schedule';
import type { LunarDate, MarketAnalysisRow, MarketProperties, Place } from './market-types';

/** 东阿县 · 刘集镇 / Dong'e · Liuji. */
export function placeText(p: { county: Place; township: Place | null }, locale: Locale): string {
  return areaName(p, locale, ' · ');
}

/** 逢二、七 06:00–12:00. */
export function whenText(p: Pick<MarketProperties, 'calendar' | 'days' | 'hours'>, locale: Locale): string {
  return `${scheduleName(p.calendar, p.days, locale)} ${p.hours.from.slice(0, 5)}–${p.hours.to.slice(0, 5)}`;
}

/** 12月7日 周一 · 农历十月十八 / 7 Dec Mon · lunar 10-18. */
export function dayText(day: { date: string; weekday: number; lunar: LunarDate }, locale: Locale): string {
  const [, m, d] = day.date.split('-').map(Number);
  const date = locale === 'zh' ? `${m}月${d}日` : `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}`;
  return `${date} ${weekdayName(day.weekday, locale)} · ${lunarDateName(day.lunar, locale)}`;
}

/** A ratio or rate to two significant places: 4.7, 0.52, 12. */
export function ratioText(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2);
}

/**
 * 4.7 倍（95% 区间 2.1–10）; with crashes on market days and none on the others the ratio has no
 * upper end: ∞（95% 区间 ≥ 5.7）.
 */
export function ratioWithInterval(row: Pick<MarketAnalysisRow, 'ratio' | 'ci'>, t: Translate): string {
  if (!row.ci) return row.ratio === null ? t('market.ratio.none') : ratioText(row.ratio);
  const [lo, hi] = row.ci;
  if (row.ratio === null || hi === null) {
    return t('market.ratio.unbounded', { ratio: row.ratio === null ? '∞' : ratioText(row.ratio), lo: ratioText(lo) });
  }
  return t('market.ratio.interval', { ratio: ratioText(row.ratio), lo: ratioText(lo), hi: ratioText(hi) });
}
