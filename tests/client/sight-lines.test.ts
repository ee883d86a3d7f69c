import { describe, expect, it } from 'vitest';
import { createTranslator } from '@client/i18n/locale';
import { countsBySeverity, inPlace, placeOptions, scopeFilter, withSeverity } from '@client/layers/sight-lines/sight-filter';
import { accidentLine, approachLine, approachName, directionOf, gradeLines, hazardDraft, isShort, percent } from '@client/layers/sight-lines/sight-labels';
import type { Approach, IntersectionDetail, IntersectionFeature, ObstacleFeature } from '@client/layers/sight-lines/sight-types';
import { intersectionBounds } from '@client/layers/sight-lines/use-sight-lines';

const zh = createTranslator('zh');
const en = createTranslator('en');
/** The card keeps each number with its unit by a no-break space; read it as a plain one. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

const approach = (over: Partial<Approach> = {}): Approach => ({
  leg: 1,
  roadId: 7,
  roadName: '艾山路',
  roadClass: 'urban_arterial',
  bearing: 90,
  designSpeed: 60,
  standard: 'highway',
  required: 75,
  available: 32,
  ...over,
});

const obstacle = (id: number, type: ObstacleFeature['properties']['type']): ObstacleFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Polygon', coordinates: [] },
  properties: { id, type, height: 2.4, source: 'test', observedOn: null, note: null, synthetic: false, version: 1, updatedAt: '' },
});

const detail = (approaches: Approach[], obstacles: ObstacleFeature[], severity: IntersectionDetail['severity'] = 'severe'): IntersectionDetail => ({
  id: 12,
  roads: [],
  kind: 'four',
  legs: 4,
  county: { code: '371524', name: '东阿县', nameEn: "Dong'e County" },
  township: { code: '371524001', name: '铜城街道', nameEn: 'Tongcheng' },
  deficient: true,
  severity,
  method: 'ssd',
  required: 75,
  available: 32,
  shortfall: 43,
  obstructedShare: 0.35,
  analysedAt: null,
  score: 8,
  crashes: 2,
  lon: 116.25,
  lat: 36.33,
  approaches,
  triangles: [],
  obstacles,
  grade: { score: 8, severeAt: 7, moderateAt: 4, share: 0.5733, sharePoints: 2, hiddenSpeed: 80, speedPoints: 3, crashes: 2, casualtyCrashes: 1, crashPoints: 3 },
  crashWindow: { from: '2023-10-31', to: '2026-10-31', radius: 50, years: 3 },
  accidents: [],
});

describe('approach directions', () => {
  it('names the eighth of the compass a bearing points to, each centred on its direction', () => {
    expect([0, 22.4, 22.5, 45, 90, 135, 180, 225, 270, 315, 337.4, 337.5, 359.9].map(directionOf)).toEqual([
      'n', 'n', 'ne', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'nw', 'n', 'n',
    ]);
    expect(directionOf(-90)).toBe('w');
    expect(directionOf(450)).toBe('e');
  });

  it('calls a road leaving to the east the east approach (bearings point outwards)', () => {
    expect(approachName(90, zh)).toBe('东进口');
    expect(approachName(200, zh)).toBe('南进口');
    expect(approachName(310, zh)).toBe('西北进口');
    expect(approachName(90, en)).toBe('East approach');
    expect(approachName(45, en)).toBe('North-east approach');
  });
});

describe('one approach', () => {
  it('says what it needs and has, with its road and design speed', () => {
    expect(plain(approachLine(approach(), zh))).toBe('东进口（艾山路，60 km/h）需 75 m，实有 32 m');
    expect(plain(approachLine(approach(), en))).toBe('East approach (艾山路, 60 km/h) needs 75 m, has 32 m');
    expect(plain(approachLine(approach({ roadName: null, bearing: 0, designSpeed: 40, required: 40, available: 40 }), zh))).toBe('北进口（40 km/h）需 40 m，实有 40 m');
  });

  it('rounds to whole metres', () => {
    expect(plain(approachLine(approach({ required: 125.1, available: 31.6 }), zh))).toBe('东进口（艾山路，60 km/h）需 125 m，实有 32 m');
  });

  it('is short only where the metres shown differ', () => {
    expect(isShort(approach())).toBe(true);
    expect(isShort(approach({ available: 75 }))).toBe(false);
    expect(isShort(approach({ available: 74.8 }))).toBe(false);
    expect(isShort(approach({ available: null }))).toBe(false);
  });

  it('gives the obstructed share in whole percent, a sliver as under one', () => {
    expect([0.35, 0.004, 0, null].map(percent)).toEqual(['35%', '<1%', '0%', '0%']);
  });

  it('says when an approach was not measured', () => {
    expect(plain(approachLine(approach({ required: null, available: null }), zh))).toBe('东进口（艾山路，60 km/h）未测算');
  });
});

describe('the hazard a sight-line finding registers', () => {
  it('describes the short approaches, worst first, and what blocks them', () => {
    const d = detail(
      [
        approach({ leg: 1, bearing: 0, roadName: '东关街', required: 40, available: 30 }),
        approach({ leg: 2, bearing: 90 }),
        approach({ leg: 3, bearing: 180, roadName: '东关街', required: 40, available: 40 }),
      ],
      [obstacle(1, 'wall'), obstacle(2, 'vegetation'), obstacle(3, 'wall')],
    );
    // A 严重 corner starts at risk 重大.
    expect(hazardDraft(d, zh)).toEqual({
      type: 'sight_line',
      description: '视距不足：东进口需 75 m，实有 32 m；北进口需 40 m，实有 30 m（围墙、绿植遮挡）',
      roadName: '东关街与艾山路交叉口',
      risk: 'major',
    });
    expect(hazardDraft(d, en).description).toBe('Short sight lines: East approach needs 75 m, has 32 m; North approach needs 40 m, has 30 m (blocked by Wall, Vegetation)');
  });

  it('still says what blocks the view when no approach is short in whole metres', () => {
    // Below 严重 the form keeps its own default risk.
    const d = detail([approach({ available: 75, roadName: null })], [obstacle(1, 'stall')], 'moderate');
    expect(hazardDraft(d, zh)).toEqual({ type: 'sight_line', description: '视距不足：视距三角形被遮挡（摊位遮挡）', roadName: '' });
  });
});

describe('the card’s grade and crashes', () => {
  it('says why a corner is graded so: the score against the thresholds, each factor’s points', () => {
    const d = detail([approach()], []);
    const zhLines = gradeLines(d.grade!, 'severe', d.crashWindow, zh);
    expect(plain(zhLines.score)).toBe('严重：8 分（≥ 7 分为严重，≥ 4 分为较重）');
    expect(zhLines.factors.map(plain)).toEqual([
      '缺口占所需视距 57%：2 分',
      '看不清的最快来车 80 km/h：3 分',
      '50 m 内近 3 年事故 2 起，其中伤亡事故 1 起：3 分',
    ]);
    const enLines = gradeLines({ ...d.grade!, casualtyCrashes: 0, crashes: 0, crashPoints: 0, score: 5 }, 'moderate', d.crashWindow, en);
    expect(plain(enLines.score)).toBe('Moderate: 5 points (severe from 7, moderate from 4)');
    expect(plain(enLines.factors[2])).toBe('0 crashes within 50 m in the last 3 years: 0 points');
  });

  it('lists a crash by its local day, severity, people and distance', () => {
    const a = { id: 1, externalId: 'X', occurredAt: '2025-02-28T17:30:00Z', severity: 'injury' as const, deaths: 0, injuries: 2, distance: 20.6 };
    expect(plain(accidentLine(a, zh))).toBe('2025-03-01 · 受伤事故 · 死亡 0 人，受伤 2 人 · 距路口 21 m');
    expect(plain(accidentLine({ ...a, severity: 'pdo', injuries: 0 }, en))).toBe('2025-03-01 · Property damage only · no one hurt · 21 m away');
  });
});

describe('where an officer’s list starts', () => {
  it('on their brigade, or their township within it; nowhere in particular for the city', () => {
    expect(scopeFilter('371524')).toEqual({ county: '371524', township: null });
    expect(scopeFilter('371524001')).toEqual({ county: '371524', township: '371524001' });
    expect(scopeFilter(null)).toBeNull();
  });
});

const feature = (id: number, county: string, township: string, severity: 'severe' | 'moderate' | 'minor' | null, shortfall: number): IntersectionFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [116, 36] },
  properties: {
    id,
    roads: ['艾山路'],
    kind: 'three',
    legs: 3,
    county: { code: county, name: `县${county}`, nameEn: null },
    township: { code: township, name: `镇${township}`, nameEn: `Town ${township}` },
    deficient: true,
    severity,
    method: 'ssd',
    required: 75,
    available: 75 - shortfall,
    shortfall,
    obstructedShare: 0.2,
    analysedAt: null,
    score: severity === 'severe' ? 8 : severity === 'moderate' ? 5 : severity === 'minor' ? 2 : null,
    crashes: 0,
  },
});

describe('the list of deficient intersections', () => {
  const all = [
    feature(1, '371524', '371524001', 'minor', 5),
    feature(2, '371524', '371524002', 'severe', 60),
    feature(3, '371581', '371581001', 'moderate', 30),
    feature(4, '371524', '371524001', null, 0),
  ];

  it('filters by brigade and township, highest score first, then the largest shortfall', () => {
    expect(inPlace(all, { county: null, township: null, severities: [] }).map((f) => f.id)).toEqual([2, 3, 1, 4]);
    const tied = [feature(5, '371524', '371524001', 'moderate', 10), feature(6, '371524', '371524001', 'moderate', 40), feature(7, '371524', '371524001', 'severe', 5)];
    expect(inPlace(tied, { county: null, township: null, severities: [] }).map((f) => f.id)).toEqual([7, 6, 5]);
    expect(inPlace(all, { county: '371524', township: null, severities: [] }).map((f) => f.id)).toEqual([2, 1, 4]);
    expect(inPlace(all, { county: '371524', township: '371524001', severities: [] }).map((f) => f.id)).toEqual([1, 4]);
  });

  it('counts by severity (a deficient one without a severity as minor) and filters by it', () => {
    expect(countsBySeverity(all)).toEqual({ severe: 1, moderate: 1, minor: 2 });
    expect(withSeverity(all, ['minor']).map((f) => f.id)).toEqual([1, 4]);
    expect(withSeverity(all, []).length).toBe(4);
  });

  it('offers the brigades, then the chosen one’s townships, that have any', () => {
    expect(placeOptions(all, 'zh')).toEqual([
      { code: '371524', label: '县371524', count: 3 },
      { code: '371581', label: '县371581', count: 1 },
    ]);
    expect(placeOptions(all, 'en', '371524')).toEqual([
      { code: '371524001', label: 'Town 371524001', count: 2 },
      { code: '371524002', label: 'Town 371524002', count: 1 },
    ]);
  });

  it('frames an intersection with its longest required leg each way', () => {
    const [w, s, e, n] = intersectionBounds(feature(1, '371524', '371524001', 'minor', 5));
    expect((n - s) * 111_320).toBeCloseTo(150, 0);
    expect((e - w) * 111_320 * Math.cos((36 * Math.PI) / 180)).toBeCloseTo(150, 0);
  });
});
