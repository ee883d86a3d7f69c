/** Columns of a school list (POST /api/schools/import; the import dialog's template), by the headers brigades use or the API's names (matched without case or spaces). */
export const COLUMNS = {
  name: ['学校名称', '学校', '名称', 'name'],
  kind: ['学校类型', '类型', '学段', 'kind'],
  lon: ['经度', 'lon', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  crs: ['坐标系', 'crs'],
  gate_lon: ['校门经度', '大门经度', 'gate_lon', 'gatelon'],
  gate_lat: ['校门纬度', '大门纬度', 'gate_lat', 'gatelat'],
} as const;
export type Column = keyof typeof COLUMNS;
/** What a table needs (a GeoJSON feature brings its point instead of lon and lat). */
export const REQUIRED: Column[] = ['name', 'lon', 'lat'];
