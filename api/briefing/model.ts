import type { BriefingContent } from './content';
import { HOTSPOT_RULE } from './content';
import { TYPE_ZH } from '../hazards/ledger';
import { shownPercent } from '@shared/dashboard/kpi';

/**
 * The briefing as blocks, in Chinese (a meeting document): the .docx and the PDF each draw these,
 * so both say the same words and numbers. Tables carry their cells as text, as shown.
 */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][]; total?: string[]; widths: number[] }
  | { kind: 'image'; png: Uint8Array; width: number; height: number; caption: string };

const GRADE = { red: '红', yellow: '黄', green: '绿' } as const;
const KIND = { month: '月', quarter: '季度', ytd: '年初至今', year: '全年', custom: '自定义' } as const;

const cn = (d: string) => {
  const [y, m, dd] = d.split('-').map(Number);
  return `${y}年${m}月${dd}日`;
};
const signedPercent = (share: number | null) => shownPercent(share, true);
const percent = (share: number | null) => shownPercent(share);
const rate = (v: number | null) => (v === null ? '—' : v.toFixed(3));
/** 上升 12.5% / 下降 3.0% / 持平 / 上年同期为零, for the prose. */
function moved(share: number | null): string {
  if (share === null) return '上年同期为零';
  if (share === 0) return '同比持平';
  return `同比${share > 0 ? '上升' : '下降'}${Math.abs(share * 100).toFixed(1)}%`;
}

export function briefingTitle(c: BriefingContent): string {
  return `${c.dashboard.area.name}道路交通安全工作通报`;
}

export function periodText(c: BriefingContent): string {
  const p = c.dashboard.period;
  return `${cn(p.from)}至${cn(p.to)}（${KIND[p.kind as keyof typeof KIND] ?? p.kind}${p.partial ? '，统计至今日' : ''}）`;
}

export function briefingBlocks(c: BriefingContent): Block[] {
  const d = c.dashboard;
  const t = d.total;
  const partWord = d.area.level === 'city' ? '县（市、区）' : '镇（街道）';
  const blocks: Block[] = [
    { kind: 'title', text: briefingTitle(c) },
    { kind: 'subtitle', text: `统计期：${periodText(c)}　　生成日期：${cn(c.madeOn)}` },
  ];
  if (c.synthetic) blocks.push({ kind: 'note', text: '注意：本系统当前载有合成演示数据，本通报中的数字不代表真实情况。' });

  blocks.push(
    { kind: 'heading', text: '一、总体情况' },
    {
      kind: 'paragraph',
      text:
        `本期${d.area.name}共发生道路交通事故${t.accidents}起，${moved(t.yoy.accidents)}；死亡${t.deaths}人，${moved(t.yoy.deaths)}；受伤${t.injuries}人，${moved(t.yoy.injuries)}。` +
        (t.deathsPer10k === null ? '' : `万人死亡率${rate(t.deathsPer10k)}（按${d.populationYear}年末常住人口计算）。`) +
        `排查道路交通安全隐患${t.hazards.found}处，本期销号${t.hazards.closed}处，整改率${percent(t.hazards.rectificationRate)}；目前逾期未整改${t.hazards.overdue}处，在办${t.hazards.open}处。` +
        `同比对照期为${cn(d.period.lastYear.from)}至${cn(d.period.lastYear.to)}。`,
    },
  );
  const hc = c.hotspotChange;
  blocks.push({
    kind: 'paragraph',
    text: `本期${hc.rule.eps}米范围内${hc.rule.minPoints}起以上的事故多发点${hc.now}处，与上期（${cn(hc.period.previous.from)}至${cn(hc.period.previous.to)}，${hc.before}处）相比新增${hc.new}处、持续${hc.persistent}处、消除${hc.gone}处。`,
  });
  if (d.indicators.length) {
    blocks.push({
      kind: 'paragraph',
      text: `专项工作：${d.indicators.map((i) => `${i.name}${i.value}${i.detail ? `（${i.detail.name}${i.detail.value ?? '—'}）` : ''}`).join('；')}。`,
    });
  }

  if (d.parts.length) {
    const row = (r: typeof t, name: string) => [
      name, GRADE[r.grade], String(r.accidents), signedPercent(r.yoy.accidents), String(r.deaths), signedPercent(r.yoy.deaths),
      String(r.injuries), rate(r.deathsPer10k), String(r.hazards.found), String(r.hazards.overdue), percent(r.hazards.rectificationRate),
    ];
    blocks.push(
      { kind: 'heading', text: `二、各${partWord}情况` },
      {
        kind: 'table',
        header: [partWord, '评级', '事故起数', '同比', '死亡人数', '同比', '受伤人数', '万人死亡率', '排查隐患', '逾期未改', '整改率'],
        rows: d.parts.map((p) => row(p, p.name)),
        total: row(t, '合计'),
        widths: [16, 7, 9, 10, 9, 10, 9, 10, 9, 9, 9],
      },
    );
    if (d.parts.some((p) => p.approximate)) blocks.push({ kind: 'note', text: '镇街范围为近似划分，镇街数字仅供参考；镇街无人口数据，不计算死亡率。' });
  }

  // 红黄绿: which parts, and the rule that set each grade.
  const ruleName = new Map(d.gradeRules.map((r) => [r.id, r.name]));
  const graded = d.parts.length ? d.parts : [t];
  blocks.push({ kind: 'heading', text: `${d.parts.length ? '三' : '二'}、红黄绿评级` });
  for (const g of ['red', 'yellow'] as const) {
    const these = graded.filter((p) => p.grade === g);
    blocks.push({
      kind: 'paragraph',
      text: `评为${GRADE[g]}色（${these.length}个）：` + (these.length ? these.map((p) => `${p.name}（${p.gradeRules.map((id) => ruleName.get(id) ?? id).join('；')}）`).join('，') : '无') + '。',
    });
  }
  const green = graded.filter((p) => p.grade === 'green');
  blocks.push({ kind: 'paragraph', text: `评为绿色（${green.length}个）：${green.length ? green.map((p) => p.name).join('、') : '无'}。` });
  blocks.push({ kind: 'note', text: `评级规则：${d.gradeRules.map((r) => `${GRADE[r.grade]}——${r.name}`).join('；')}；均未触发为绿。` });

  const n = (k: number) => ['一', '二', '三', '四', '五', '六', '七'][k];
  let section = d.parts.length ? 3 : 2;
  blocks.push(
    { kind: 'heading', text: `${n(section++)}、事故多发点` },
    {
      kind: 'paragraph',
      text: `${cn(c.hotspotWindow.from)}至${cn(c.hotspotWindow.to)}，${HOTSPOT_RULE.eps}米范围内发生${HOTSPOT_RULE.minPoints}起以上事故的地点按事故当量排序，前${HOTSPOT_RULE.top}处如下${c.hotspots.length ? '' : '：本期无'}。`,
    },
    { kind: 'image', png: c.map.png, width: c.map.width, height: c.map.height, caption: '图：各区域评级与事故多发点分布' },
  );
  if (c.hotspots.length) {
    blocks.push({
      kind: 'table',
      header: ['序号', '位置', '事故起数', '死亡', '受伤', '事故当量', '同比'],
      rows: c.hotspots.map((h) => [
        String(h.rank), [h.township, h.road].filter(Boolean).join(' ') || `${h.centroid[0].toFixed(4)}, ${h.centroid[1].toFixed(4)}`,
        String(h.count), String(h.deaths), String(h.injuries), String(Math.round(h.epdo)), signedPercent(h.change),
      ]),
      widths: [8, 40, 10, 8, 8, 12, 14],
    });
  }

  blocks.push({ kind: 'heading', text: `${n(section++)}、逾期未整改隐患` });
  if (c.overdue.length) {
    blocks.push({
      kind: 'table',
      header: ['大队', '责任单位', '逾期隐患（处）', '最长逾期（天）'],
      rows: c.overdue.map((o) => [`${o.brigade}大队`, o.unit, String(o.n), String(o.maxDays)]),
      total: ['合计', '', String(c.overdue.reduce((s, o) => s + o.n, 0)), String(Math.max(...c.overdue.map((o) => o.maxDays)))],
      widths: [25, 35, 20, 20],
    });
  } else blocks.push({ kind: 'paragraph', text: '目前无逾期未整改隐患。' });

  blocks.push({ kind: 'heading', text: `${n(section++)}、本期新排查隐患（按类型）` });
  if (c.found.length) {
    blocks.push({
      kind: 'table',
      header: ['隐患类型', '数量（处）'],
      rows: c.found.map((f) => [TYPE_ZH[f.type] ?? f.type, String(f.n)]),
      total: ['合计', String(c.found.reduce((s, f) => s + f.n, 0))],
      widths: [60, 40],
    });
  } else blocks.push({ kind: 'paragraph', text: '本期未排查到新隐患。' });
  return blocks;
}
