import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { generateAccidents, generateBaseWorld } from '@data/generator';
import type { BaseWorld } from '@data/generator/types';

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const accidentsHash = (world: BaseWorld, seed: number, count: number) => {
  const h = createHash('sha256');
  for (const batch of generateAccidents(world, { seed, count })) h.update(JSON.stringify(batch));
  return h.digest('hex');
};

// Two worlds from one seed (separate objects, built separately) and one from another seed.
let first: BaseWorld;
let again: BaseWorld;
let other: BaseWorld;
beforeAll(() => {
  first = generateBaseWorld(7);
  again = generateBaseWorld(7);
  other = generateBaseWorld(8);
});

it('builds the same world from the same seed', () => {
  expect(hash(again)).toBe(hash(first));
});

it('builds a different synthetic world from a different seed, on the same real base', () => {
  expect(hash(other.villages)).not.toBe(hash(first.villages));
  expect(hash(other.roads)).not.toBe(hash(first.roads));
  expect(hash(other.counties)).toBe(hash(first.counties));
  expect(hash(other.townships)).toBe(hash(first.townships));
});

it('generates the same accidents for the same seed and count, on either copy of the world', () => {
  expect(accidentsHash(again, 1, 2_000)).toBe(accidentsHash(first, 1, 2_000));
});

it('generates other accidents for another seed', () => {
  expect(accidentsHash(first, 2, 2_000)).not.toBe(accidentsHash(first, 1, 2_000));
});

it('never uses Math.random in the generator', () => {
  const dir = new URL('../../data/generator/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')))
    expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(/Math\.random/);
});
