import type pg from 'pg';
import type { EngineName } from '../db/engine';
import type { Env } from '../env';
import type { ResultCache } from './result-cache';

/** Lon/lat box, [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

/** What every route may use; built once at start. */
export interface AppDeps {
  pool: pg.Pool;
  engine: EngineName;
  env: Env;
  /** Extent of Liaocheng's county polygons, read from the database at start. */
  extent: BBox;
  /** Computed analysis results by their parameters and data versions; createApp makes one. */
  cache?: ResultCache;
  /**
   * Prefix of this app's keys of failed sign-ins (api/auth/rate-limit.ts). Empty in the app, so
   * every process on the database counts together; each test app takes its own.
   */
  signInNamespace?: string;
}
