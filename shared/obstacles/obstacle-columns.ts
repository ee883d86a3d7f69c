/**
 * The obstacle import's columns, shared by the API (which reads them) and the client (its
 * template and column-mapping step). A GeoJSON feature carries them as properties and its
 * polygon as the geometry; a sheet (as QGIS or a survey writes it) has the outline as WKT.
 */

export const OBSTACLE_TYPES = ['building', 'wall', 'vegetation', 'stall', 'parked_vehicles', 'other'] as const;
export type ObstacleType = (typeof OBSTACLE_TYPES)[number];

export const OBSTACLE_COLUMNS = {
  type: ['类型', '遮挡物类型', 'type'],
  height: ['高度（米）', '高度(米)', '高度', 'height'],
  geometry: ['轮廓（WKT）', '轮廓(WKT)', '轮廓', '范围', 'wkt', 'geometry', 'geom'],
  source: ['来源', 'source'],
  observedOn: ['调查日期', '观测日期', 'observedon', 'observed_on'],
  note: ['备注', '说明', 'note'],
} as const;
export type ObstacleColumn = keyof typeof OBSTACLE_COLUMNS;
export const OBSTACLE_REQUIRED: ObstacleColumn[] = ['type', 'height', 'geometry'];

/** The words a survey sheet uses for each type, besides the API's own names. */
export const OBSTACLE_TYPE_WORDS: Record<string, ObstacleType> = {
  建筑物: 'building',
  建筑: 'building',
  房屋: 'building',
  围墙: 'wall',
  墙: 'wall',
  绿植: 'vegetation',
  绿化: 'vegetation',
  树木: 'vegetation',
  摊位: 'stall',
  摊点: 'stall',
  停放车辆: 'parked_vehicles',
  停车: 'parked_vehicles',
  其他: 'other',
};
