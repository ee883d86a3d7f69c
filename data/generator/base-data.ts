/**
 * Loads the real base data from data/base (never from ../shared: a fresh clone has only this
 * repository), converts the GCJ-02 county polygons to WGS84, and repairs the township points'
 * documented faults so every later step can rely on "each township point lies in its county".
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import gcoord from 'gcoord';
import { parseCsv } from './csv';
import { PolygonIndex, dist, multiPolygonRings, toLonLat, toXY, type XY } from './geo';
import type { County, LonLat, Township, Village } from './types';

const baseFile = (name: string) => fileURLToPath(new URL(`../base/${name}`, import.meta.url));
const readText = (name: string) => readFileSync(baseFile(name), 'utf8');

/** Pinyin names; DataV and the NBS list carry Chinese only. */
const NAME_EN: Record<string, string> = {
  '371502': 'Dongchangfu', '371503': 'Chiping', '371521': 'Yanggu', '371522': 'Shenxian',
  '371524': "Dong'e", '371525': 'Guanxian', '371526': 'Gaotang', '371581': 'Linqing',
};

/**
 * 东昌府区 holds two GeoNames places: Liaocheng (PPLA2, the prefecture city) and Gulou (PPLA3, the
 * district seat). The district's seat is Gulou; the city centre anchors the city-core street grid.
 */
const PREFERRED_SEAT: Record<string, string> = { '371502': 'Gulou' };

/**
 * 安乐镇 and 寿张镇 carry the same monitoring-station coordinates. The point sits among 阳谷's
 * northern towns (石佛, 定水, 郭店屯), which fits 安乐 better than 寿张 (the old 寿张县 seat, towards
 * the Yellow River), so 寿张's point is taken as the wrong one and moved to the county's largest
 * gap between township points: a plausible place, not its real one.
 */
const KNOWN_WRONG_POINT = new Set(['371521109']);

export interface TrunkRoadFeature {
  id: number;
  neType: string; // 'Major Highway' | 'Road' | 'Unknown'
  coordinates: LonLat[];
}

export interface LoadedBase {
  counties: County[];
  /** One index per county (same order), metric, for fast point-in-polygon. */
  countyIndex: PolygonIndex[];
  townships: Township[];
  villages: Omit<Village, 'point'>[];
  trunkRoads: TrunkRoadFeature[];
  /** Liaocheng's prefecture-city centre (GeoNames PPLA2), inside 东昌府区. */
  cityCentre: LonLat;
}

interface DataVFeature {
  properties: { adcode: number; name: string; center: LonLat };
  geometry: GeoJSON.MultiPolygon;
}

interface PlaceFeature {
  properties: { name: string; inside_liaocheng_county: string | null };
  geometry: { coordinates: LonLat };
}

export function loadBase(): LoadedBase {
  const population = new Map(
    parseCsv(readText('population-371500.csv')).map((r) => [r.county_adcode, Number(r.pop_2023_resident_10k)]),
  );
  const places: PlaceFeature[] = JSON.parse(readText('places-geonames.geojson')).features;
  const gcj = JSON.parse(readText('counties-371500-gcj02.geojson'));
  const wgs = gcoord.transform(gcj, gcoord.GCJ02, gcoord.WGS84) as unknown as { features: DataVFeature[] };

  const counties: County[] = wgs.features.map((f, i) => {
    const code = String(f.properties.adcode);
    const inside = places.filter((p) => p.properties.inside_liaocheng_county === code);
    const place = inside.find((p) => p.properties.name === PREFERRED_SEAT[code]) ?? inside[0];
    // 东阿县 has no GeoNames place; DataV's `center` is the county government, in GCJ-02.
    const gcjCentre = gcj.features[i].properties.center as LonLat;
    const seat = place
      ? place.geometry.coordinates
      : (gcoord.transform(gcjCentre, gcoord.GCJ02, gcoord.WGS84) as LonLat);
    const pop10k = population.get(code);
    if (pop10k === undefined || !Number.isFinite(pop10k)) throw new Error(`no 2023 population for ${code}`);
    return {
      code,
      name: f.properties.name,
      nameEn: NAME_EN[code],
      population2023: Math.round(pop10k * 10_000),
      seat: [round6(seat[0]), round6(seat[1])],
      geometry: roundGeometry(f.geometry),
    };
  });
  const countyIndex = counties.map((c) => new PolygonIndex(multiPolygonRings(c.geometry)));
  const liaocheng = places.find((p) => p.properties.name === 'Liaocheng');
  if (!liaocheng) throw new Error('places-geonames.geojson lost the Liaocheng city point');
  const cityCentre = liaocheng.geometry.coordinates;

  const townships = repairTownships(loadTownships(), counties, countyIndex, cityCentre);
  return { counties, countyIndex, townships, villages: loadVillages(), trunkRoads: loadTrunkRoads(), cityCentre };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function roundGeometry(g: GeoJSON.MultiPolygon): GeoJSON.MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(([x, y]) => [round6(x), round6(y)]))),
  };
}

/** A market (集) as a public page reported it: name and days, no position; low confidence. */
export interface ReportedMarket {
  name: string;
  /** The NBS township code when the report names a township that is on the list. */
  townshipCode: string | null;
  countyName: string;
  calendar: 'lunar' | 'solar' | 'weekly';
  /** As reported: '3,8' = 逢三、八 (the explicit lunar days come from these digits). */
  digits: number[];
  confidence: string;
  note: string;
}

export function loadReportedMarkets(): ReportedMarket[] {
  return parseCsv(readText('markets-reported-371500.csv')).map((r) => {
    if (!['lunar', 'solar', 'weekly'].includes(r.calendar)) throw new Error(`market ${r.market_name}: unknown calendar ${r.calendar}`);
    return {
      name: r.market_name,
      townshipCode: r.township_code || null,
      countyName: r.county_name,
      calendar: r.calendar as ReportedMarket['calendar'],
      digits: r.days.split(',').map(Number),
      confidence: r.confidence,
      note: r.source_note,
    };
  });
}

function loadTownships(): Township[] {
  return parseCsv(readText('townships-371500.csv')).map((r) => ({
    code: r.township_code,
    name: r.township_name,
    countyCode: r.county_adcode,
    point: r.approx_lon ? [Number(r.approx_lon), Number(r.approx_lat)] : null,
    pointSource: 'station',
  }));
}

/**
 * NBS committee codes: suffix 001–199 are residents' committees, 200–399 village committees. The
 * list's 84 "other" rows (named 新村, new rural settlements) all carry 2xx codes, so they count as
 * villages.
 */
function loadVillages(): Omit<Village, 'point'>[] {
  return parseCsv(readText('villages-371500.csv')).map((r) => {
    const suffix = Number(r.village_code.slice(9));
    const kind: Village['kind'] = r.kind.startsWith('residents')
      ? 'community'
      : r.kind.startsWith('village')
        ? 'village'
        : suffix < 200 ? 'community' : 'village';
    return { code: r.village_code, name: r.village_name, kind, townshipCode: r.township_code, countyCode: r.county_adcode };
  });
}

function loadTrunkRoads(): TrunkRoadFeature[] {
  const features = JSON.parse(readText('trunk-roads-ne10m.geojson')).features as {
    properties: { id: number; ne_type: string; len_km_inside_liaocheng: number };
    geometry: { coordinates: LonLat[] };
  }[];
  return features
    .filter((f) => f.properties.len_km_inside_liaocheng > 0)
    .map((f) => ({ id: f.properties.id, neType: f.properties.ne_type, coordinates: f.geometry.coordinates }));
}

function repairTownships(
  townships: Township[],
  counties: County[],
  countyIndex: PolygonIndex[],
  cityCentre: LonLat,
): Township[] {
  const countyAt = (code: string) => countyIndex[counties.findIndex((c) => c.code === code)];
  const out = townships.map((t) => ({ ...t }));
  for (const t of out) {
    const index = countyAt(t.countyCode);
    if (KNOWN_WRONG_POINT.has(t.code)) {
      const others = out.filter((o) => o.countyCode === t.countyCode && o !== t && o.point).map((o) => toXY(o.point!));
      t.point = toLonLat(largestEmptySpot(index, others));
      t.pointSource = 'moved';
    } else if (t.point && !index.contains(toXY(t.point))) {
      // 固河镇's station lies ~4 km east of 高唐's boundary: pull it to the nearest spot 1.5 km inside.
      t.point = toLonLat(nearestInteriorSpot(index, toXY(t.point), 1500));
      t.pointSource = 'moved';
    } else if (!t.point) {
      // 香江光彩大市场服务中心 (a wholesale-market service centre with one "virtual" community):
      // no source gives a position, so it is placed 3 km east of the city centre and labelled so.
      const [x, y] = toXY(cityCentre);
      t.point = toLonLat([x + 3000, y]);
      t.pointSource = 'placed';
    }
    if (!index.contains(toXY(t.point!))) throw new Error(`township ${t.name} is still outside its county`);
  }
  return out;
}

/** Grid search for the interior point farthest from the other townships, ≥ 3 km from the border. */
function largestEmptySpot(index: PolygonIndex, others: XY[]): XY {
  const [minX, minY, maxX, maxY] = index.bbox;
  let best: XY = others[0];
  let bestScore = -Infinity;
  for (let x = minX; x <= maxX; x += 500)
    for (let y = minY; y <= maxY; y += 500) {
      const p: XY = [x, y];
      if (!index.contains(p)) continue;
      const score = Math.min(...others.map((o) => dist(o, p)));
      if (score > bestScore && index.signedDistance(p) >= 3000) {
        bestScore = score;
        best = p;
      }
    }
  return best;
}

function nearestInteriorSpot(index: PolygonIndex, from: XY, margin: number): XY {
  let best: XY = from;
  let bestD = Infinity;
  for (let dx = -20_000; dx <= 20_000; dx += 250)
    for (let dy = -20_000; dy <= 20_000; dy += 250) {
      const p: XY = [from[0] + dx, from[1] + dy];
      const d = Math.hypot(dx, dy);
      if (d < bestD && index.contains(p) && index.signedDistance(p) >= margin) {
        bestD = d;
        best = p;
      }
    }
  return best;
}
