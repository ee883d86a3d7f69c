/**
 * The shapes the demo world generator hands to the seeder. Coordinates are WGS84 [lon, lat].
 * Real data (counties, townships, villages' names, trunk roads, population) and synthetic data
 * (village positions, the road network below trunk level, accidents) travel together here;
 * every synthetic item says so with `synthetic: true` or lives in a collection that is synthetic.
 */
export type LonLat = [number, number];

export type RoadClass =
  | 'expressway' // 高速公路
  | 'national' // 国道
  | 'provincial' // 省道
  | 'county' // 县道
  | 'township' // 乡道
  | 'village' // 村道
  | 'urban_arterial' // 城市主干路
  | 'urban_street'; // 城市支路

export type Severity = 'fatal' | 'injury' | 'pdo';
export type LightCondition = 'day' | 'dusk' | 'dark_lit' | 'dark_unlit';
export type Weather = 'clear' | 'cloudy' | 'rain' | 'fog' | 'snow';
export type VehicleType =
  | 'car' // 小型汽车
  | 'truck' // 货车
  | 'bus' // 客车
  | 'ebike' // 电动自行车
  | 'tricycle' // 三轮车（含电动三轮）
  | 'motorcycle' // 摩托车
  | 'bicycle' // 自行车
  | 'pedestrian' // 行人
  | 'tractor'; // 拖拉机/农用车

export interface County {
  code: string; // 6-digit adcode, e.g. '371502'
  name: string; // 东昌府区
  nameEn: string; // Dongchangfu
  population2023: number; // residents, persons (not 万人)
  seat: LonLat; // county seat (GeoNames), WGS84
  geometry: GeoJSON.MultiPolygon; // WGS84 (converted from GCJ-02)
}

export interface Township {
  code: string; // 9-digit NBS code
  name: string;
  countyCode: string;
  point: LonLat | null; // approximate (a monitoring station in or near it); null when unknown
  // Added by the generator: where `point` comes from. 'station' = the source's monitoring-station
  // point as is; 'moved' = the source point was wrong or outside the county and was moved
  // (synthetic); 'placed' = the source has no point and one was placed (synthetic).
  pointSource: 'station' | 'moved' | 'placed';
}

export interface Village {
  code: string; // 12-digit NBS code
  name: string;
  kind: 'village' | 'community';
  townshipCode: string;
  countyCode: string;
  point: LonLat; // synthetic position near its township
}

export interface Road {
  id: number; // stable, 1-based
  class: RoadClass;
  name: string; // Chinese name, e.g. 'G105京澳线', '茌平县道X012', '幸福街'
  ref: string | null; // 'G105', 'S254', 'X012', 'Y123' or null
  designSpeed: number; // km/h
  lit: boolean;
  urban: boolean;
  countyCode: string | null; // county it lies in (null for roads crossing counties)
  synthetic: boolean; // false only for the Natural Earth trunk roads
  coordinates: LonLat[]; // LineString, WGS84
}

export interface Accident {
  externalId: string; // 事故编号, unique, e.g. 'LC2023-000123'
  occurredAt: string; // ISO 8601 with +08:00 offset
  severity: Severity;
  deaths: number;
  injuries: number;
  vehicleTypes: VehicleType[];
  light: LightCondition;
  weather: Weather;
  roadId: number;
  lon: number;
  lat: number;
}

export interface BaseWorld {
  counties: County[];
  townships: Township[];
  villages: Village[];
  roads: Road[];
}
