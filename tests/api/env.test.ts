import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../api/env';

describe('environment', () => {
  it('has working defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', METRIC_SRID: 4498, SEED_ACCIDENTS: 20_000, SESSION_HOURS: 12 });
    expect(env.SEED_DEMO).toBeUndefined(); // demo accounts: yes embedded, no with DATABASE_URL
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('stops on a bad value with a line naming the variable', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres:\/\//);
    expect(() => loadEnv({ SEED_ACCIDENTS: '-5' })).toThrow(/SEED_ACCIDENTS/);
    expect(() => loadEnv({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO: must be 0 or 1/);
    expect(() => loadEnv({ SESSION_HOURS: '0' })).toThrow(/SESSION_HOURS/);
  });

  it('treats an empty optional variable as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', TIANDITU_KEY: '' })).toMatchObject({ DATABASE_URL: undefined, TIANDITU_KEY: undefined });
  });
});

describe('EPDO_WEIGHTS', () => {
  it('defaults to 10 / 5 / 1 and takes local weights', () => {
    expect(loadEnv({}).EPDO_WEIGHTS).toEqual({ fatal: 10, injury: 5, pdo: 1 });
    expect(loadEnv({ EPDO_WEIGHTS: '12, 3, 1' }).EPDO_WEIGHTS).toEqual({ fatal: 12, injury: 3, pdo: 1 });
  });

  it('stops on weights that are not three non-negative numbers', () => {
    expect(() => loadEnv({ EPDO_WEIGHTS: '10,5' })).toThrow(/EPDO_WEIGHTS: must be three non-negative numbers/);
    expect(() => loadEnv({ EPDO_WEIGHTS: '10,-5,1' })).toThrow(/EPDO_WEIGHTS/);
  });
});
