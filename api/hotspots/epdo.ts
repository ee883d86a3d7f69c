import { z } from 'zod';

/**
 * Equivalent-property-damage-only weights: how many property-only crashes one crash of each
 * severity counts as when places are ranked. Default 10 / 5 / 1 (fatal / injury / property only)
 * is the EPDO method MassHighway (Massachusetts) uses to rank its Top Crash Locations; set
 * EPDO_WEIGHTS="fatal,injury,pdo" to use local weights (e.g. from 事故当量 practice).
 */
export const DEFAULT_EPDO_WEIGHTS = { fatal: 10, injury: 5, pdo: 1 } as const;

export type EpdoWeights = { fatal: number; injury: number; pdo: number };

export const EpdoWeightsSchema = z
  .string()
  .transform((raw, ctx): EpdoWeights => {
    const nums = raw.split(',').map((s) => Number(s.trim()));
    if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n) || n < 0)) {
      ctx.addIssue({ code: 'custom', message: 'must be three non-negative numbers: fatal,injury,pdo (e.g. 10,5,1)' });
      return z.NEVER;
    }
    return { fatal: nums[0], injury: nums[1], pdo: nums[2] };
  });
