import type { Locale, Translate } from '@client/i18n/locale';
import { areaName } from '../hazards/hazard-labels';
import type { Approach, IntersectionDetail, IntersectionProperties, NearAccident, SightGrade, SightSeverity } from './sight-types';

export const DIRECTIONS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The eighth of the compass a bearing (degrees clockwise from north) falls in, each centred on its direction. */
export function directionOf(bearing: number): Direction {
  const degrees = ((bearing % 360) + 360) % 360;
  return DIRECTIONS[Math.round(degrees / 45) % 8];
}

/**
 * 东进口 / East approach. Bearings point from the intersection outwards, so a road leaving to the
 * east is the east approach, the one drivers coming from the east arrive on.
 */
export function approachName(bearing: number, t: Translate): string {
  return t('sight.approach.name', { direction: t(`sight.direction.${directionOf(bearing)}`) });
}

/** Distances are shown in whole metres. */
export const metres = (m: number) => Math.round(m);

/** Short where the whole metres shown differ, so that a line in red always shows two different numbers. */
export function isShort(a: { required: number | null; available: number | null }): boolean {
  return a.required !== null && a.available !== null && metres(a.available) < metres(a.required);
}

/** 东进口（艾山路，60 km/h）需 75 m，实有 32 m. */
export function approachLine(a: Approach, t: Translate): string {
  const approach = approachName(a.bearing, t);
  const details = a.roadName ? t('sight.approach.roadSpeed', { road: a.roadName, speed: a.designSpeed }) : t('sight.approach.speed', { speed: a.designSpeed });
  if (a.required === null || a.available === null) return t('sight.approach.unmeasured', { approach, details });
  return t('sight.approach.line', { approach, details, required: metres(a.required), available: metres(a.available) });
}

/** 东阿县 · 铜城街道. */
export function placeText(p: Pick<IntersectionProperties, 'county' | 'township'>, locale: Locale): string {
  return areaName({ county: p.county ?? null, township: p.township ?? null }, locale, ' · ');
}

/** The approaches' road names, each once, in leg order. */
export function roadNames(d: Pick<IntersectionDetail, 'approaches'>): string[] {
  return [...new Set(d.approaches.map((a) => a.roadName).filter((n): n is string => !!n))];
}

/** 35%; a sliver that rounds to nothing is still said to be there (<1%). */
export function percent(share: number | null): string {
  const whole = Math.round((share ?? 0) * 100);
  return whole === 0 && (share ?? 0) > 0 ? '<1%' : `${whole}%`;
}

/**
 * What the hazard form starts with: 视距不足：东进口需 75 m，实有 32 m（围墙遮挡）, the roads as the
 * hazard's road, and for a 严重 corner the risk 重大 (others keep the form's default).
 */
export function hazardDraft(d: IntersectionDetail, t: Translate): { type: 'sight_line'; description: string; roadName: string; risk?: 'major' } {
  const short = d.approaches
    .filter(isShort)
    .sort((a, b) => a.available! - a.required! - (b.available! - b.required!) || a.leg - b.leg)
    .map((a) => t('sight.hazard.short', { approach: approachName(a.bearing, t), required: metres(a.required!), available: metres(a.available!) }));
  const types = [...new Set(d.obstacles.map((o) => o.properties.type))].map((type) => t(`sight.obstacle.type.${type}`));
  const description = t('sight.hazard.description', {
    approaches: short.length ? short.join(t('sight.hazard.separator')) : t('sight.hazard.noShort'),
    obstacles: types.length ? t('sight.hazard.obstacles', { types: types.join(t('sight.listSeparator')) }) : '',
  });
  const roads = roadNames(d);
  const roadName = roads.length ? t('sight.hazard.roads', { roads: roads.join(t('sight.hazard.roadSeparator')) }) : '';
  // The ledger's limits (register-form.tsx): description 2000, road 100 characters.
  const draft = { type: 'sight_line' as const, description: description.slice(0, 2000), roadName: roadName.slice(0, 100) };
  return d.severity === 'severe' ? { ...draft, risk: 'major' } : draft;
}

/**
 * Why a corner has its grade, for the card: the score against the thresholds, then each factor with
 * its points (严重：8 分（≥ 7 分为严重，≥ 4 分为较重）; 缺口占所需视距 83%：3 分; …).
 */
export function gradeLines(g: SightGrade, severity: SightSeverity, window: IntersectionDetail['crashWindow'], t: Translate): { score: string; factors: string[] } {
  const points = (n: number) => t('sight.grade.points', { points: n });
  const crashes = g.casualtyCrashes
    ? t('sight.grade.crashesCasualty', { count: g.crashes, casualty: g.casualtyCrashes, radius: window.radius, years: window.years })
    : t('sight.grade.crashes', { count: g.crashes, radius: window.radius, years: window.years });
  return {
    score: t('sight.grade.score', { severity: t(`sight.severity.${severity}`), score: g.score, severeAt: g.severeAt, moderateAt: g.moderateAt }),
    factors: [
      t('sight.grade.factor', { what: t('sight.grade.share', { share: percent(g.share) }), points: points(g.sharePoints) }),
      t('sight.grade.factor', { what: g.hiddenSpeed === null ? t('sight.grade.noSpeed') : t('sight.grade.speed', { speed: g.hiddenSpeed }), points: points(g.speedPoints) }),
      t('sight.grade.factor', { what: crashes, points: points(g.crashPoints) }),
    ],
  };
}

/** The local (Beijing) day of a time. */
export function localDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(date);
}

/** 2025-03-01 · 受伤事故 · 伤 1 人 · 21 m. */
export function accidentLine(a: NearAccident, t: Translate): string {
  const people = a.deaths || a.injuries ? t('sight.accident.people', { deaths: a.deaths, injuries: a.injuries }) : t('sight.accident.noPeople');
  return t('sight.accident.line', { day: localDay(a.occurredAt), severity: t(`severity.${a.severity}`), people, distance: metres(a.distance) });
}
