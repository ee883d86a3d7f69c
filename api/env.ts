import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_GRADE_RULES, parseGradeRules, type ParsedGradeRule } from '@shared/dashboard/grading';
import { z } from 'zod';
import { DEFAULT_EPDO_WEIGHTS, EpdoWeightsSchema } from './hotspots/epdo';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional()),
  METRIC_SRID: z.coerce.number().int().positive().default(4498),
  SEED: z.coerce.number().int().default(20261124),
  SEED_ACCIDENTS: z.coerce.number().int().min(0).max(5_000_000).default(20_000),
  /**
   * 1 (default): the first start loads the demo world (a generated road network, synthetic accidents,
   * hazards, markets, schools, lights, obstacles). 0: an empty city, only the real base data
   * (boundaries, place names, the Natural Earth trunk roads), for real imports.
   */
  DEMO_DATA: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('1'),
  TIANDITU_KEY: optionalText,
  BASEMAP_XYZ_URL: optionalText.pipe(z.url().optional()),
  BASEMAP_STYLE_URL: optionalText.pipe(z.url().optional()),
  EPDO_WEIGHTS: EpdoWeightsSchema.default({ ...DEFAULT_EPDO_WEIGHTS }),
  /** Demo accounts (README): created by default on the embedded engine, with DATABASE_URL only if 1. */
  SEED_DEMO: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  /** 1: accidents and hotspots are readable without signing in (the map for the public screen); 0: sign-in needed. */
  PUBLIC_MAP: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('1'),
  /** A session ends after this many hours without use (and 7 days after sign-in at the latest). */
  SESSION_HOURS: z.coerce.number().min(0.1).max(168).default(12),
  /** A backup every this many hours while the app runs (0: none); see `npm run backup`. */
  BACKUP_EVERY_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  /** How many of those backups are kept (the oldest go). */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  /** Where backups go; DATA_DIR/backups unless given. */
  BACKUP_DIR: optionalText,
  /** A JSON file of 红黄绿 grading rules (shared/dashboard/grading-rules.json's shape) in place of the built-in ones. */
  GRADING_RULES: optionalText,
  /**
   * 1: serve HTTPS with a self-signed certificate made on the first start (DATA_DIR/tls), so a phone
   * on the LAN may use its position and camera (browsers give them to secure origins only).
   */
  HTTPS: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0'),
  /** A certificate and its key (PEM files) to serve HTTPS with, in place of the self-signed one: both or neither. */
  TLS_CERT: optionalText,
  TLS_KEY: optionalText,
});

export type Env = z.infer<typeof EnvSchema> & {
  /** The dashboard's grading rules: GRADING_RULES's file, read and checked at start, or the built-in ones. */
  GRADE_RULES: ParsedGradeRule[];
};

function gradeRules(file: string | undefined): ParsedGradeRule[] {
  if (!file) return DEFAULT_GRADE_RULES;
  try {
    return parseGradeRules(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`Invalid environment:\n  GRADING_RULES: ${file}: ${(e as Error).message}`);
  }
}

/** Parses the environment once; a bad value stops the process with a line that names it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (!env.TLS_CERT !== !env.TLS_KEY) {
    throw new Error(`Invalid environment:\n  ${env.TLS_CERT ? 'TLS_KEY' : 'TLS_CERT'}: needed with ${env.TLS_CERT ? 'TLS_CERT' : 'TLS_KEY'} (a certificate and its key, PEM files)`);
  }
  return { ...env, DATA_DIR: env.DATA_DIR === 'memory://' ? env.DATA_DIR : path.resolve(env.DATA_DIR), GRADE_RULES: gradeRules(env.GRADING_RULES) };
}
