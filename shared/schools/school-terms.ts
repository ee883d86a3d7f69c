/**
 * The words of school surroundings (校园周边) that the API, the demo generator and the client share:
 * the zone audit's checklist after GA/T 1215-2014 and the labels of school hours.
 */

/**
 * The fixed checklist of a zone audit, in the order an officer walks it:
 * speed_limit_30 — a 30 km/h limit with a 学校区域 plate; children_signs — 注意儿童 signs;
 * crossing — a pedestrian crossing ≥ 6 m wide within 50 m of the gate; hatched_markings — 网状线
 * (no-stopping grid) at the gate; speed_humps; cameras; lighting; guard_post — a 护学岗 at school hours.
 */
export const AUDIT_ITEMS = [
  'speed_limit_30', 'children_signs', 'crossing', 'hatched_markings', 'speed_humps', 'cameras', 'lighting', 'guard_post',
] as const;
export type AuditItem = (typeof AUDIT_ITEMS)[number];

/** Chinese names of the items, as hazard descriptions and meeting papers say them. */
export const AUDIT_ITEM_NAMES: Record<AuditItem, string> = {
  speed_limit_30: '限速30公里/小时及学校区域标志',
  children_signs: '注意儿童标志',
  crossing: '校门50米内人行横道（宽度不小于6米）',
  hatched_markings: '校门前网状线',
  speed_humps: '减速带',
  cameras: '监控抓拍设备',
  lighting: '照明设施',
  guard_post: '护学岗',
};

/** pass: in place and sound; fail: missing or deficient; na: does not apply here. */
export const AUDIT_RESULTS = ['pass', 'fail', 'na'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Periods of a school day: arrival 上学, midday 午间, dismissal 放学. */
export const SCHOOL_HOUR_LABELS = ['arrival', 'midday', 'dismissal'] as const;
export type SchoolHourLabel = (typeof SCHOOL_HOUR_LABELS)[number];
