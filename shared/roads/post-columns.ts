/** The kilometre-post import's columns and who may import, shared by the API and the client (its button, template and column-mapping step). */

/** Road data is the admins' (the network and boundary imports are too). */
export const POST_WRITERS = ['admin'] as const;

/** Columns of a list of kilometre posts (公里桩), by the headers road agencies use, or the API's names. */
export const POST_COLUMNS = {
  road: ['路线编号', '道路编号', '路线', '道路名称', '道路', 'road', 'ref'],
  km: ['桩号', '公里桩号', '里程桩号', '里程', 'km', 'stake', 'distance'],
  lon: ['经度', 'lon', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
} as const;
export type PostColumn = keyof typeof POST_COLUMNS;
/** What a table needs (a post without its road is on the numbered road beside it). */
export const POST_REQUIRED: PostColumn[] = ['km', 'lon', 'lat'];
