import type pg from 'pg';
import { sqlFile } from '../lib/sql-file';
import { GATE_INTERSECTION_MIN_M, ON_ROUTE_M, ZONE_RADIUS_M } from './params';

const GATES_SQL = sqlFile(new URL('./gates.sql', import.meta.url));
const ZONE_SQL = sqlFile(new URL('./zone.sql', import.meta.url));

type Db = pg.Pool | pg.ClientBase;

export interface Gate {
  id: number;
  name: string;
  lon: number;
  lat: number;
  road: { id: number; name: string | null; ref: string | null; class: string; designSpeed: number; designSpeedFrom: 'road' | 'class' } | null;
  /** Along the gate's road; null when no intersection lies on it. */
  nearestIntersection: { id: number; kind: string; distance: number; lon: number; lat: number } | null;
  /** More than 100 m, as GA/T 1215-2014 wants; null without an intersection. */
  intersectionFarEnough: boolean | null;
}

export interface Zone {
  radius: number;
  length: number;
  maxDesignSpeed: number | null;
  geometry: GeoJSON.MultiLineString | null;
  roads: { name: string | null; ref: string | null; class: string; designSpeed: number; length: number }[];
}

/** A school's gates with their road and the distance along it to the nearest intersection (gates.sql). */
export async function readGates(db: Db, schoolId: number): Promise<Gate[]> {
  return (await db.query<{ gates: Gate[] }>(GATES_SQL, [schoolId, GATE_INTERSECTION_MIN_M, ON_ROUTE_M])).rows[0].gates;
}

/** A school's zone: the roads within 150 m of its gates, its length and the roads through it (zone.sql). */
export async function readZone(db: Db, schoolId: number, radius = ZONE_RADIUS_M): Promise<Zone> {
  return (await db.query<{ zone: Zone }>(ZONE_SQL, [schoolId, radius])).rows[0].zone;
}
