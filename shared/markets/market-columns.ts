/** Columns of a market list (POST /api/markets/import; the import dialog's template), by the headers brigades use or the API's names (matched without case or spaces). */
export const COLUMNS = {
  name: ['名称', '市场名称', '集市名称', '集市', 'name'],
  calendar: ['历法', '日历', 'calendar'],
  days: ['集日', '逢集日', '集期', 'days'],
  hoursFrom: ['开始时间', '开市时间', 'hours_from', 'hoursfrom'],
  hoursTo: ['结束时间', '散集时间', 'hours_to', 'hoursto'],
  status: ['状态', 'status'],
  statusOn: ['状态日期', 'status_on', 'statuson'],
  lon: ['经度', 'lon', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  crs: ['坐标系', 'crs'],
  relocatedLon: ['新址经度', 'relocated_lon', 'relocatedlon'],
  relocatedLat: ['新址纬度', 'relocated_lat', 'relocatedlat'],
  source: ['来源', 'source'],
  note: ['备注', 'note'],
} as const;
export type Column = keyof typeof COLUMNS;
/** What a table needs (a GeoJSON feature brings its stretch instead of lon and lat). */
export const REQUIRED: Column[] = ['name', 'calendar', 'days', 'hoursFrom', 'hoursTo', 'lon', 'lat'];
