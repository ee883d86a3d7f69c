import { isMessageKey, type Translate } from '@client/i18n/locale';

const CLAUSE = /^\s*([a-z]+)\s*(>=|≥|>)\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * A segment rule's condition (`fatal >= 3 or injury >= 10`, the API's grammar:
 * api/hotspots/segment-rules.ts) in the UI's words: "死亡事故 ≥ 3 起 或 受伤事故 ≥ 10 起". A
 * condition it cannot read is given as written.
 */
export function conditionWords(condition: string, t: Translate): string {
  const groups: string[] = [];
  for (const group of condition.split(/\s+or\s+/i)) {
    const parts: string[] = [];
    for (const part of group.split(/\s+and\s+/i)) {
      const m = CLAUSE.exec(part);
      const key = m && `hotspot.metric.${m[1]}`;
      if (!m || !key || !isMessageKey(key)) return condition;
      parts.push(t(key, { op: m[2] === '>' ? '>' : '≥', n: Number(m[3]) }));
    }
    groups.push(parts.join(t('hotspot.metric.and')));
  }
  return groups.join(t('hotspot.metric.or'));
}
