import { Hono } from 'hono';
import { z } from 'zod';
import { xlsxBytes, XLSX_TYPE, type XlsxColumn } from '@shared/excel/xlsx-writer';
import { currentUser, type AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { filterParams, hazardFilter } from './filter';
import { TODAY } from './store';

/** The words a brigade's ledger uses (the export is for meetings: Chinese only). */
export const TYPE_ZH: Record<string, string> = {
  sight_line: '视距不足', vegetation: '绿植遮挡', roadside_market: '马路市场', lighting: '照明缺失', school: '校园周边',
  signs_markings: '标志标线缺损', traffic_calming: '减速设施缺失', pavement: '路面破损', crop_drying: '占道晒粮', other: '其他',
};
export const RISK_ZH: Record<string, string> = { major: '重大', high: '较大', general: '一般' };
export const STATUS_ZH: Record<string, string> = {
  registered: '排查登记', assigned: '交办落实', rectifying: '整改中', inspecting: '整改复查', closed: '销号归档',
};
const RESOLUTION_ZH: Record<string, string> = { rectified: '已整改销号', invalid: '无效（误报）', duplicate: '重复登记' };

const COLUMNS: XlsxColumn[] = [
  { header: '序号', width: 6 }, { header: '隐患编号', width: 18 }, { header: '所属县（市、区）', width: 12 },
  { header: '镇（街道）', width: 14 }, { header: '道路', width: 16 }, { header: '经度', width: 12 }, { header: '纬度', width: 12 },
  { header: '隐患类型', width: 14 }, { header: '风险等级', width: 8 }, { header: '隐患描述', width: 40 },
  { header: '发现日期', width: 12 }, { header: '责任单位', width: 24 }, { header: '整改期限', width: 12 },
  { header: '整改措施（一点一策）', width: 36 }, { header: '临时管控措施', width: 24 }, { header: '整改通知书编号', width: 22 },
  { header: '状态', width: 10 }, { header: '是否逾期', width: 8 }, { header: '销号日期', width: 12 }, { header: '登记人', width: 14 },
];

interface LedgerRow {
  number: string; county: string; township: string | null; road_name: string | null; lon: number; lat: number;
  type: string; risk: string; description: string; found_on: string; unit: string | null; deadline: string | null;
  plan: string | null; measures: string | null; notice_no: string | null; status: string; resolution: string | null;
  overdue: boolean; closed_on: string | null; reporter: string;
}

/** GET /export.xlsx (the ledger as brigades hand it to meetings) and GET /summary (counts by brigade or township). */
export function ledgerRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/export.xlsx', validate('query', z.object(filterParams(deps))), async (c) => {
      const user = currentUser(c);
      const { where, params } = hazardFilter(user, c.req.valid('query'));
      const r = await deps.pool.query<LedgerRow>(
        `SELECT h.number, cj.name AS county, tj.name AS township, h.road_name,
                round(ST_X(h.geom)::numeric, 6)::float8 AS lon, round(ST_Y(h.geom)::numeric, 6)::float8 AS lat,
                h.type, h.risk, h.description, h.found_on::text, n.name AS unit, h.deadline::text, h.plan, h.measures,
                h.notice_no, h.status, h.resolution, (h.status <> 'closed' AND h.deadline < ${TODAY}) AS overdue,
                (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS closed_on, u.display_name AS reporter
         FROM hazards h
         JOIN jurisdictions cj ON cj.code = h.county_code
         LEFT JOIN jurisdictions tj ON tj.code = h.township_code
         LEFT JOIN units n ON n.id = h.unit_id
         JOIN users u ON u.id = h.reporter_id
         WHERE ${where} ORDER BY h.county_code, h.number`,
        params,
      );
      const rows = r.rows.map((h, i) => [
        i + 1, h.number, h.county, h.township, h.road_name, h.lon, h.lat, TYPE_ZH[h.type], RISK_ZH[h.risk], h.description,
        h.found_on, h.unit, h.deadline, h.plan, h.measures, h.notice_no,
        h.status === 'closed' ? RESOLUTION_ZH[h.resolution!] : STATUS_ZH[h.status], h.overdue ? '是' : '否', h.closed_on, h.reporter,
      ]);
      const bytes = xlsxBytes({ name: '隐患台账', columns: COLUMNS, rows });
      const day = (await deps.pool.query<{ d: string }>(`SELECT ${TODAY}::text AS d`)).rows[0].d;
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': XLSX_TYPE,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`隐患台账-${user.scope.name}-${day}.xlsx`)}`,
      });
    })
    .get('/summary', validate('query', z.object({ by: z.enum(['county', 'township']).default('county') })), async (c) => {
      const user = currentUser(c);
      const { by } = c.req.valid('query');
      const { where, params } = hazardFilter(user, {});
      const column = by === 'county' ? 'h.county_code' : 'h.township_code';
      const r = await deps.pool.query(
        `SELECT j.code, j.name, j.name_en AS "nameEn",
                count(*)::int AS found,
                count(*) FILTER (WHERE h.resolution = 'rectified')::int AS rectified,
                count(*) FILTER (WHERE h.resolution IN ('invalid', 'duplicate'))::int AS invalid,
                count(*) FILTER (WHERE h.status <> 'closed')::int AS open,
                count(*) FILTER (WHERE h.status <> 'closed' AND h.deadline < ${TODAY})::int AS overdue,
                -- 整改率: rectified of the real hazards (invalid and duplicate ones are not hazards)
                round(count(*) FILTER (WHERE h.resolution = 'rectified')::numeric
                      / nullif(count(*) FILTER (WHERE h.resolution IS DISTINCT FROM 'invalid' AND h.resolution IS DISTINCT FROM 'duplicate'), 0), 4)::float8 AS "rectificationRate"
         FROM hazards h JOIN jurisdictions j ON j.code = ${column}
         WHERE ${where}
         GROUP BY j.code, j.name, j.name_en ORDER BY j.code`,
        params,
      );
      return c.json({ by, rows: r.rows });
    });
}
