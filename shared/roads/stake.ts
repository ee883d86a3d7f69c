/** 桩号 (a position along a numbered road, in km) as brigades and road agencies write it. */

/** 桩号 as km: K12+300 → 12.3, K12+300.5, 12.3, K12; null if not one. */
export function stakeKm(raw: string): number | null {
  const m = /^K?\s*(\d{1,4})(?:\s*\+\s*(\d{1,3}(?:\.\d+)?))?$/i.exec(raw.trim()) ?? /^(\d{1,4}\.\d+)$/.exec(raw.trim());
  if (!m) return null;
  return m[2] !== undefined ? Number(m[1]) + Number(m[2]) / 1000 : Number(m[1]);
}

/** km as 桩号: 12.3 → K12+300. */
export function stakeText(km: number): string {
  const whole = Math.floor(km + 1e-9);
  const m = Math.round((km - whole) * 1000);
  return `K${whole}+${String(m).padStart(3, '0')}`;
}
