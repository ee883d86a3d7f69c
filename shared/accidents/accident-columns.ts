/** The accident import's columns and who may import, shared by the API (which reads them) and the client (its button, template and column-mapping step). */

/** Who may import accidents: an officer within the brigade's area, an admin anywhere. */
export const ACCIDENT_WRITERS = ['officer', 'admin'] as const;

/** Columns of an accident export, by the headers brigade exports (事故处理系统) carry, or the API's names. */
export const ACCIDENT_COLUMNS = {
  externalId: ['事故编号', '事故编码', '编号', 'externalid', 'external_id'],
  occurredAt: ['发生时间', '事故发生时间', '事故时间', '时间', 'occurredat', 'occurred_at'],
  place: ['地点', '事故地点', '发生地点', 'place'],
  lon: ['经度', 'lon', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  deaths: ['死亡人数', '死亡', 'deaths'],
  injuries: ['受伤人数', '受伤', 'injuries'],
  loss: ['直接财产损失', '直接财产损失（元）', '直接财产损失(元)', '财产损失', 'propertyloss', 'property_loss'],
  manner: ['事故形态', '形态', 'manner'],
  weather: ['天气', 'weather'],
  light: ['照明条件', '照明', 'light'],
  vehicles: ['当事人交通方式', '交通方式', '车辆类型', 'vehicles', 'vehicle_types'],
  roadName: ['道路名称', '道路', 'road', 'roadname', 'road_name'],
  stake: ['公里桩号', '桩号', 'stake'],
} as const;
export type AccidentColumn = keyof typeof ACCIDENT_COLUMNS;
export const ACCIDENT_REQUIRED: AccidentColumn[] = ['externalId', 'occurredAt'];

