import { Hono } from 'hono';
import { z } from 'zod';
import { DASHBOARD_READERS } from '@shared/dashboard/kpi';
import { currentUser, type AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { DashboardQuery } from '../dashboard/route';
import { readBriefing } from './content';
import { briefingDocx } from './docx';
import { briefingBlocks, briefingTitle } from './model';
import { briefingPdf } from './pdf';

const BriefingQuery = DashboardQuery.extend({
  format: z.enum(['docx', 'pdf', 'png'], { message: 'must be docx, pdf or png' }).default('docx'),
});

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  png: 'image/png',
} as const;

/**
 * GET /api/briefing?format=docx|pdf|png&period=&at=&from=&to=&area=: 生成通报, the briefing for the
 * dashboard's period and area (its readers and scope): a Word document, the same as a PDF, or its
 * map alone. The hotspot clustering runs under the analyses' time limit.
 */
export function briefingRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', BriefingQuery), async (c) => {
    const user = currentUser(c, ...DASHBOARD_READERS);
    const q = c.req.valid('query');
    const content = await readBriefing(deps, user, q);
    const title = briefingTitle(content);
    const { from, to } = content.dashboard.period;
    const body =
      q.format === 'png' ? Buffer.from(content.map.png) : q.format === 'pdf' ? await briefingPdf(briefingBlocks(content), title) : await briefingDocx(briefingBlocks(content));
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': TYPES[q.format],
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${title}-${from}至${to}.${q.format}`)}`,
    });
  });
}
