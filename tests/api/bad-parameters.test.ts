import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function expect400(path: string, param: string, reason: RegExp) {
  const res = await t.app.request(path);
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe('bad_request');
  expect(body.error.requestId).toBeTruthy();
  expect(body.error.details[0].param).toBe(param);
  expect(body.error.details[0].reason).toMatch(reason);
  expect(body.error.message).toContain(param);
}

describe('bad parameters get a 400 that names the parameter', () => {
  it('malformed bbox', () => expect400('/api/accidents?bbox=1,2,3', 'bbox', /four numbers/));
  it('bbox with text in it', () => expect400('/api/accidents?bbox=115,36,abc,37', 'bbox', /four numbers/));
  it('bbox with min above max', () => expect400('/api/accidents?bbox=116,36,115,37', 'bbox', /min must be less than max/));
  it('bbox outside Liaocheng', () => expect400('/api/accidents?bbox=120,30,121,31', 'bbox', /outside Liaocheng/));
  it('bbox in projected metres (wrong coordinate system)', () =>
    expect400('/api/accidents?bbox=12900000,4350000,12950000,4400000', 'bbox', /projected metres/));
  it('bbox with latitude first', () => expect400('/api/accidents?bbox=36.2,115.5,36.6,116.2', 'bbox', /outside Liaocheng|latitude/));
  it('from after to', () => expect400('/api/accidents?from=2024-05-01&to=2024-01-01', 'from', /after to/));
  it('a date that does not exist', () => expect400('/api/accidents?from=2024-02-30', 'from', /real calendar date/));
  it('a date in the wrong form', () => expect400('/api/accidents?to=01/02/2024', 'to', /YYYY-MM-DD/));
  it('unknown severity', () => expect400('/api/accidents?severity=fatal,minor', 'severity', /"minor".*allowed: fatal, injury, pdo/));
  it('unknown format', () => expect400('/api/accidents?format=csv', 'format', /geojson or binary/));
  it('unknown jurisdiction level', () => expect400('/api/jurisdictions?level=province', 'level', /county/));
  it('unknown road class', () => expect400('/api/roads?class=motorway', 'class', /allowed/));
  it('roads bbox outside Liaocheng', () => expect400('/api/roads?bbox=100,20,101,21', 'bbox', /outside Liaocheng/));
});
