/**
 * What a light is, both sides' words for it: the lights table's CHECKs (api/db/migrations/0022),
 * the API's schemas and the client's labels and import template.
 */
export const LIGHT_TYPES = ['street_light', 'solar_light', 'flashing_beacon', 'illuminated_sign', 'other'] as const;
export type LightType = (typeof LIGHT_TYPES)[number];

/** 第一盏灯 (东阿's lights at the spots of fatal night crashes), 千路万盏 (阳谷's flashing lights at county-road junctions), other. */
export const LIGHT_PROGRAMMES = ['first_light', 'qianlu_wanzhan', 'other'] as const;
export type LightProgramme = (typeof LIGHT_PROGRAMMES)[number];

/** planned → working ⇄ faulty → removed (a removed light stays, with its history). */
export const LIGHT_STATUSES = ['planned', 'working', 'faulty', 'removed'] as const;
export type LightStatus = (typeof LIGHT_STATUSES)[number];

/** Where a light's status may go; the same status again corrects its day. */
export const LIGHT_NEXT: Record<LightStatus, readonly LightStatus[]> = {
  planned: ['planned', 'working', 'removed'],
  working: ['working', 'faulty', 'removed'],
  faulty: ['faulty', 'working', 'removed'],
  removed: ['removed'],
};

/** The words brigades write in a list for each type, programme and status (and the API's names). */
export const LIGHT_TYPE_WORDS: Record<string, LightType> = {
  路灯: 'street_light', 太阳能路灯: 'solar_light', 太阳能灯: 'solar_light', 爆闪灯: 'flashing_beacon', 爆闪警示灯: 'flashing_beacon',
  警示灯: 'flashing_beacon', 发光标志: 'illuminated_sign', 发光标牌: 'illuminated_sign', 其他: 'other',
};
export const LIGHT_PROGRAMME_WORDS: Record<string, LightProgramme> = { 第一盏灯: 'first_light', 千路万盏: 'qianlu_wanzhan', 其他: 'other' };
export const LIGHT_STATUS_WORDS: Record<string, LightStatus> = { 计划: 'planned', 拟建: 'planned', 正常: 'working', 在用: 'working', 故障: 'faulty', 损坏: 'faulty', 拆除: 'removed', 已拆除: 'removed' };

/** Columns of a light list (POST /api/lights/import; the import dialog's template), by the headers brigades use or the API's names. */
export const LIGHT_COLUMNS = {
  type: ['类型', '灯型', '设施类型', 'type'],
  programme: ['项目', '工程', 'programme', 'program'],
  name: ['位置', '地点', '名称', 'name'],
  lon: ['经度', 'lon', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  crs: ['坐标系', 'crs'],
  installed_on: ['安装日期', '安装时间', 'installed_on', 'installedon'],
  installed_by: ['安装单位', '建设单位', 'installed_by', 'installedby'],
  cost: ['费用', '造价', '费用(元)', 'cost'],
  status: ['状态', 'status'],
  status_on: ['状态日期', 'status_on', 'statuson'],
} as const;
export type LightColumn = keyof typeof LIGHT_COLUMNS;
/** What a table needs (a GeoJSON feature brings its point instead of lon and lat). */
export const LIGHT_REQUIRED: LightColumn[] = ['type', 'lon', 'lat', 'installed_on'];
