import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '@client/api/http';
import { createTranslator } from '@client/i18n/locale';
import { fieldsFor, transitionBody, unitOptions } from '@client/layers/hazards/hazard-actions';
import { OVERDUE_COLOR, STATUS_COLOR, hazardMarker } from '@client/layers/hazards/hazard-colors';
import { writeProblem } from '@client/layers/hazards/hazard-errors';
import { ALL_HAZARDS, hazardQuery, ledgerFromQuery, ledgerQuery, toggled } from '@client/layers/hazards/hazard-filter';
import { eventDataLines, unitLabel } from '@client/layers/hazards/hazard-labels';
import { beforeAfter, timelineEntries } from '@client/layers/hazards/hazard-photos';
import { placeOf } from '@client/layers/hazards/hazard-sort';
import { nextSort, pageOf, sortHazards } from '@client/layers/hazards/hazard-sort';
import type { Hazard, HazardEvent, Photo } from '@client/layers/hazards/hazard-types';
import type { Unit } from '@client/layers/hazards/hazard-actions';

const hazard = (over: Partial<Hazard>): Hazard => ({
  id: 1,
  number: '371524-2026-0001',
  type: 'sight_line',
  description: '',
  risk: 'general',
  roadName: null,
  lon: 116.25,
  lat: 36.33,
  county: { code: '371524', name: '东阿县', nameEn: "Dong'e" },
  township: { code: '371524001', name: '铜城街道', nameEn: 'Tongcheng' },
  status: 'registered',
  resolution: null,
  marketId: null,
  marketResolution: null,
  market: null,
  duplicateOf: null,
  unit: null,
  deadline: null,
  extensionTo: null,
  overdue: false,
  plan: null,
  noticeNo: null,
  externalNo: null,
  measures: null,
  foundOn: '2026-01-01',
  reporter: { username: 'officer.donge', displayName: '东阿县大队民警' },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  closedAt: null,
  version: 1,
  synthetic: false,
  ...over,
});

describe('the ledger query', () => {
  it('asks for everything as GeoJSON in one page when nothing is filtered', () => {
    expect(hazardQuery(ALL_HAZARDS)).toBe('format=geojson&pageSize=5000');
  });

  it('sends statuses and types as lists, overdue only when asked, and a trimmed search', () => {
    const q = new URLSearchParams(hazardQuery({ statuses: ['assigned', 'rectifying'], types: ['school'], overdueOnly: true, q: '  铜城 ' }));
    expect(q.get('status')).toBe('assigned,rectifying');
    expect(q.get('type')).toBe('school');
    expect(q.get('overdue')).toBe('true');
    expect(q.get('q')).toBe('铜城');
  });

  it("keeps to the map's area: a county or a township by its code, the city is everything in scope", () => {
    const county = new URLSearchParams(hazardQuery(ALL_HAZARDS, '371524'));
    expect([county.get('county'), county.get('township')]).toEqual(['371524', null]);
    const township = new URLSearchParams(hazardQuery(ALL_HAZARDS, '371524100'));
    expect([township.get('county'), township.get('township')]).toEqual([null, '371524100']);
    expect(hazardQuery(ALL_HAZARDS, '371500')).toBe(hazardQuery(ALL_HAZARDS));
    expect(hazardQuery(ALL_HAZARDS, null)).toBe(hazardQuery(ALL_HAZARDS));
  });

  it('toggles a value in or out of a list filter', () => {
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggled(['b'], 'a')).toEqual(['b', 'a']);
  });
});

describe('sorting and paging the list', () => {
  const items = [
    hazard({ id: 1, number: 'A-0001', status: 'closed', deadline: '2026-03-01' }),
    hazard({ id: 2, number: 'A-0002', status: 'registered', deadline: null }),
    hazard({ id: 3, number: 'A-0003', status: 'assigned', deadline: '2026-02-01', overdue: true }),
  ];
  const ids = (list: Hazard[]) => list.map((h) => h.id);

  it('sorts status along the life cycle, not by name', () => {
    expect(ids(sortHazards(items, { key: 'status', descending: false }))).toEqual([2, 3, 1]);
  });

  it('puts hazards without a deadline last in either direction', () => {
    expect(ids(sortHazards(items, { key: 'deadline', descending: false }))).toEqual([3, 1, 2]);
    expect(ids(sortHazards(items, { key: 'deadline', descending: true }))).toEqual([1, 3, 2]);
  });

  it('breaks ties newest first', () => {
    expect(ids(sortHazards(items, { key: 'overdue', descending: true }))).toEqual([3, 2, 1]);
  });

  it('flips the direction on a second click, and starts a new column ascending (overdue: overdue first)', () => {
    expect(nextSort({ key: 'number', descending: true }, 'number')).toEqual({ key: 'number', descending: false });
    expect(nextSort({ key: 'number', descending: true }, 'deadline')).toEqual({ key: 'deadline', descending: false });
    expect(nextSort({ key: 'number', descending: true }, 'overdue')).toEqual({ key: 'overdue', descending: true });
  });

  it('clamps the page to those that exist', () => {
    const list = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(list, 3, 20)).toEqual({ rows: [40, 41, 42, 43, 44], page: 3, pages: 3 });
    expect(pageOf(list, 9, 20).page).toBe(3);
    expect(pageOf([], 1, 20)).toEqual({ rows: [], page: 1, pages: 1 });
  });
});

describe('map markers', () => {
  it('fills by status and rings overdue hazards in red, larger', () => {
    const plain = hazardMarker({ status: 'assigned', overdue: false });
    const late = hazardMarker({ status: 'assigned', overdue: true });
    expect(plain.fill).toEqual(STATUS_COLOR.assigned);
    expect(late.fill).toEqual(STATUS_COLOR.assigned);
    expect(late.ring).toEqual(OVERDUE_COLOR);
    expect(plain.ring).not.toEqual(OVERDUE_COLOR);
    expect(late.radius).toBeGreaterThan(plain.radius);
  });

  it('gives every status its own colour', () => {
    expect(new Set(Object.values(STATUS_COLOR).map(String)).size).toBe(5);
  });
});

describe('transition bodies', () => {
  it('sends the version read and only the fields the action takes, trimmed, without empty ones', () => {
    const body = transitionBody('assign', { unitCode: '371524-jtj', deadline: '2026-06-30', plan: '  ', noticeNo: ' 东公交 12 ', note: 'stray' }, 4);
    expect(body).toEqual({ action: 'assign', version: 4, unitCode: '371524-jtj', deadline: '2026-06-30', noticeNo: '东公交 12' });
  });

  it('asks for the hazard repeated only when closing as a duplicate, and sends it as a number', () => {
    expect(fieldsFor('invalidate', { resolution: 'invalid' }).map((f) => f.field)).toEqual(['resolution', 'note']);
    expect(transitionBody('invalidate', { resolution: 'duplicate', duplicateOf: '17', note: '同一处' }, 2)).toEqual({
      action: 'invalidate',
      version: 2,
      resolution: 'duplicate',
      duplicateOf: 17,
      note: '同一处',
    });
    expect(transitionBody('invalidate', { resolution: 'invalid', duplicateOf: '17', note: '误报' }, 2)).not.toHaveProperty('duplicateOf');
  });

  it('requires a note to report, fail and reopen, and nothing to pass', () => {
    for (const action of ['report', 'fail', 'reopen'] as const) expect(fieldsFor(action, {})).toEqual([{ field: 'note', required: true }]);
    expect(fieldsFor('pass', {}).filter((f) => f.required)).toEqual([]);
  });
});

describe('units a hazard may be handed to', () => {
  // As GET /api/units?county=371524 answers: departments first (the city's, then the county's), then townships.
  const unit = (code: string, kind: Unit['kind'], jurisdiction: string): Unit => ({ code, name: code, nameEn: null, kind, jurisdiction });
  const units = [
    unit('371500-glzx', 'department', '371500'), unit('371500-jtj', 'department', '371500'),
    unit('371524-jtj', 'department', '371524'), unit('371524-glzx', 'department', '371524'),
    unit('371524002', 'township', '371524002'), unit('371524001', 'township', '371524001'),
  ];

  it("puts the county's departments first, then the hazard's own township, other townships, the city's departments", () => {
    expect(unitOptions(units, hazard({})).map((u) => u.code)).toEqual([
      '371524-glzx', '371524-jtj', '371524001', '371524002', '371500-glzx', '371500-jtj',
    ]);
    expect(unitOptions(units, hazard({ township: null })).map((u) => u.code).slice(2, 4)).toEqual(['371524001', '371524002']);
  });

  it('names them in the user’s language', () => {
    const jtj = { code: '371524-jtj', name: '东阿县交通运输局', nameEn: "Dong'e Transport Bureau" };
    expect(unitLabel(jtj, 'zh')).toBe('东阿县交通运输局（371524-jtj）');
    expect(unitLabel(jtj, 'en')).toBe("Dong'e Transport Bureau (371524-jtj)");
    expect(unitLabel({ ...jtj, nameEn: null }, 'en')).toBe('东阿县交通运输局 (371524-jtj)');
    expect(placeOf(hazard({ roadName: '艾山路' }), 'en')).toBe("Dong'e · Tongcheng · 艾山路");
    expect(placeOf(hazard({ roadName: '艾山路' }))).toBe('东阿县 · 铜城街道 · 艾山路');
  });
});

describe('refused writes', () => {
  const zh = createTranslator('zh');
  it('puts a 400 beside the field the API named', () => {
    const error = new ApiRequestError(400, 'bad_request', 'Bad', null, [{ param: 'noticeNo', reason: 'at most 60 characters' }]);
    expect(writeProblem(error, zh)).toMatchObject({ field: 'noticeNo', message: 'at most 60 characters' });
  });

  it('says a rule the API named in the user’s language, and keeps the API’s words for one it does not know', () => {
    const outside = new ApiRequestError(400, 'bad_request', 'Bad', null, [{ param: 'lon', reason: 'lies outside', rule: 'outside_liaocheng' }]);
    expect(writeProblem(outside, zh)).toMatchObject({ field: 'lon', message: '该位置不在聊城市范围内。' });
    expect(writeProblem(outside, createTranslator('en')).message).toBe('This point lies outside Liaocheng.');
    const unknown = new ApiRequestError(400, 'bad_request', 'Bad', null, [{ param: 'lon', reason: 'too far east', rule: 'new_rule' }]);
    expect(writeProblem(unknown, zh).message).toBe('too far east');
    const scope = new ApiRequestError(403, 'forbidden', 'outside 东阿县', null, [{ param: 'lon', reason: 'scope' }]);
    expect(writeProblem(scope, zh)).toMatchObject({ field: null, message: '该位置或隐患不在您所在大队的辖区内。' });
    const limited = new ApiRequestError(429, 'too_many_requests', 'Too many', null, []);
    expect(writeProblem(limited, zh).message).toBe('Too many');
  });

  it('keeps what a 409 says the hazard is now', () => {
    const current = hazard({ status: 'rectifying', version: 5 });
    const error = new ApiRequestError(409, 'conflict', 'changed', null, [{ param: 'version', reason: 'stale' }], { current });
    expect(writeProblem(error, zh)).toMatchObject({ field: null, message: zh('problem.409.stale'), current, duplicates: null });
  });

  it('lists possible duplicates on registering', () => {
    const duplicates = [{ ...hazard({}), distance: 12.5 }];
    const error = new ApiRequestError(409, 'conflict', 'near', null, [{ reason: 'possible_duplicate' }], { duplicates });
    expect(writeProblem(error, zh).duplicates).toEqual(duplicates);
  });
});

describe('timeline data', () => {
  it('labels what an action set and hides internal ids', () => {
    const t = createTranslator('zh');
    expect(eventDataLines({ unitId: 7, unitCode: '371524-jtj', deadline: '2026-06-30', resolution: 'duplicate' }, t, 'zh')).toEqual([
      ['责任单位', '371524-jtj'],
      ['整改期限', '2026-06-30'],
      ['办结方式', '重复'],
    ]);
  });
});

describe('timeline photos', () => {
  const actor = (username: string) => ({ username, displayName: username, role: 'liaison' });
  const event = (id: number, action: HazardEvent['action'], username: string, attachments: number[] = [], note: string | null = null): HazardEvent => ({
    id, at: '2026-03-01T00:00:00Z', action, from: 'rectifying', to: 'rectifying', note, data: {}, actor: actor(username), attachments,
  });
  const photo = (id: number) => ({ id, filename: `${id}.jpg` }) as Photo;

  it('shows photos sent with a report once, on the report', () => {
    const events = [event(1, 'start', 'a'), event(2, 'photos', 'a', [10, 11]), event(3, 'report', 'a', [10, 11])];
    const entries = timelineEntries(events, [photo(10), photo(11)]);
    expect(entries.map((e) => [e.event.action, e.photos.map((p) => p.id)])).toEqual([
      ['start', []],
      ['report', [10, 11]],
    ]);
  });

  it('keeps an upload of its own: with a note, by someone else than the next step, or not named by it', () => {
    const photos = [photo(10), photo(11)];
    expect(timelineEntries([event(2, 'photos', 'a', [10], '北侧'), event(3, 'report', 'a', [10])], photos)).toHaveLength(2);
    expect(timelineEntries([event(2, 'photos', 'b', [10]), event(3, 'report', 'a', [10])], photos)).toHaveLength(2);
    expect(timelineEntries([event(2, 'photos', 'a', [10, 11]), event(3, 'report', 'a', [10])], photos)).toHaveLength(2);
    expect(timelineEntries([event(2, 'photos', 'a', [10])], photos)[0].photos.map((p) => p.id)).toEqual([10]);
  });

  it('pairs the photos before the work with those the latest report named, for 整改前后', () => {
    const at = (id: number, eventId: number) => ({ id, filename: `${id}.jpg`, eventId }) as Photo;
    // Found with a photo (event 1), measures with another (2), a failed report (3, 4), reported again (5, 6).
    const photos = [at(10, 1), at(11, 2), at(12, 3), at(13, 5)];
    const events = [event(1, 'photos', 'o', [10]), event(2, 'photos', 'a', [11]), event(3, 'report', 'a', [12]), event(4, 'fail', 'o'), event(5, 'report', 'a', [13])];
    const pair = beforeAfter(events, photos)!;
    expect([pair.before.map((p) => p.id), pair.after.map((p) => p.id)]).toEqual([[10, 11], [13]]);
    expect(beforeAfter(events.slice(0, 2), photos)).toBeNull(); // nothing reported yet
    expect(beforeAfter([event(1, 'report', 'a', [])], photos)).toBeNull(); // a report without photos (before they were required)
  });
});

describe('timeline unit names', () => {
  it('names the unit as it was when handed over, in the user’s language', () => {
    const data = { unitId: 7, unitCode: '371524-jtj', unitName: '东阿县交通运输局', unitNameEn: "Dong'e Transport Bureau", deadline: '2026-06-30' };
    expect(eventDataLines(data, createTranslator('zh'), 'zh')[0]).toEqual(['责任单位', '东阿县交通运输局（371524-jtj）']);
    expect(eventDataLines(data, createTranslator('en'), 'en')[0][1]).toBe("Dong'e Transport Bureau (371524-jtj)");
  });
});

describe('closing a 马路市场 hazard that names its market', () => {
  it('asks how the market was settled, and the new site only when it moved', () => {
    const market = hazard({ type: 'roadside_market', marketId: 7 });
    expect(fieldsFor('pass', {}, market).map((f) => f.field)).toEqual(['marketResolution', 'note']);
    expect(fieldsFor('pass', { marketResolution: 'relocated' }, market).map((f) => f.field)).toEqual(['marketResolution', 'relocatedTo', 'note']);
    expect(fieldsFor('pass', {}, hazard({ type: 'roadside_market' })).map((f) => f.field)).toEqual(['note']);
    expect(fieldsFor('fail', { marketResolution: 'closed' }, market).map((f) => f.field)).toEqual(['note']);
  });

  it('sends the site as [lon, lat], whatever comma the officer typed', () => {
    const market = hazard({ type: 'roadside_market', marketId: 7 });
    expect(transitionBody('pass', { marketResolution: 'relocated', relocatedTo: '116.2431，36.3312 ' }, 3, market)).toEqual({
      action: 'pass', version: 3, marketResolution: 'relocated', relocatedTo: [116.2431, 36.3312],
    });
    // Not two numbers: sent as typed, for the API to say what is wrong at the field.
    expect(transitionBody('pass', { marketResolution: 'relocated', relocatedTo: '东边' }, 3, market).relocatedTo).toBe('东边');
    expect(transitionBody('pass', { marketResolution: 'closed', relocatedTo: '1, 2' }, 3, market)).toEqual({ action: 'pass', version: 3, marketResolution: 'closed' });
  });
});

describe('the ledger in the map URL', () => {
  it('opens as a link says, ignores what it does not know, and writes back only what differs from the default', () => {
    const read = ledgerFromQuery(new URLSearchParams('ledger=1&overdue=1&hstatus=registered,bogus&htype=lighting&hq=G220'));
    expect(read).toEqual({ open: true, filter: { statuses: ['registered'], types: ['lighting'], overdueOnly: true, q: 'G220' } });
    expect(ledgerQuery(read.open, read.filter)).toEqual({ ledger: '1', overdue: '1', hstatus: 'registered', htype: 'lighting', hq: 'G220' });
    expect(ledgerFromQuery(new URLSearchParams(''))).toEqual({ open: false, filter: ALL_HAZARDS });
    expect(ledgerQuery(false, ALL_HAZARDS)).toEqual({ ledger: null, overdue: null, hstatus: null, htype: null, hq: null });
  });
});
