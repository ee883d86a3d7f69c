import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '@client/api/http';
import { createTranslator } from '@client/i18n/locale';
import { importFieldLabel } from '@client/layers/sight-lines/obstacle-import-dialog';
import { obstacleProblem, parseHeight, polygonOf } from '@client/layers/sight-lines/obstacle-writes';
import { draftPath } from '@client/layers/sight-lines/sight-lines-layer';

const square: [number, number][] = [
  [115.98, 36.45],
  [115.9801, 36.45],
  [115.9801, 36.4501],
  [115.98, 36.4501],
];

describe('obstacle editing', () => {
  it('reads a typed height in metres, a comma as the decimal point, and nothing that is not a positive number', () => {
    expect(parseHeight('0.8')).toBe(0.8);
    expect(parseHeight(' 2,5 ')).toBe(2.5);
    expect(parseHeight('')).toBeNull();
    expect(parseHeight('0')).toBeNull();
    expect(parseHeight('-1')).toBeNull();
    expect(parseHeight('高')).toBeNull();
  });

  it('closes the clicked vertices into a GeoJSON polygon ring', () => {
    const polygon = polygonOf(square);
    expect(polygon.type).toBe('Polygon');
    expect(polygon.coordinates[0]).toHaveLength(5);
    expect(polygon.coordinates[0][4]).toEqual(square[0]);
  });

  it('draws the outline open until it has three vertices, then closed', () => {
    expect(draftPath(square.slice(0, 2))).toEqual(square.slice(0, 2));
    expect(draftPath(square.slice(0, 3))).toEqual([...square.slice(0, 3), square[0]]);
    expect(draftPath([])).toEqual([]);
  });

  it('says a refused write in the user’s language: a crossing outline beside the drawing, a stale version as reloaded', () => {
    const zh = createTranslator('zh');
    const en = createTranslator('en');
    const crossing = new ApiRequestError(400, 'invalid_request', 'Invalid request', null, [{ param: 'geometry', reason: 'Self-intersection[115.98 36.45]', rule: 'invalid_geometry' }]);
    expect(obstacleProblem(crossing, zh)).toMatchObject({ field: 'geometry', message: '轮廓无效（例如边线自相交）；请改正轮廓，使边线互不交叉。' });
    expect(obstacleProblem(crossing, en).message).toContain('edges cross');
    const huge = new ApiRequestError(400, 'invalid_request', 'Invalid request', null, [{ param: 'geometry', reason: 'larger than 50000 m²', rule: 'too_large' }]);
    expect(obstacleProblem(huge, zh).message).toBe('面积过大（最多 50 000 m²）。');
    const stale = new ApiRequestError(409, 'conflict', 'stale', null, [{ param: 'version', reason: 'stale' }]);
    expect(obstacleProblem(stale, zh)).toMatchObject({ field: null, message: expect.stringContaining('已重新载入') });
  });

  it('names a rejected feature’s field as the form does, an unknown one as sent', () => {
    const zh = createTranslator('zh');
    expect(importFieldLabel('geometry', zh)).toBe('轮廓');
    expect(importFieldLabel('height', zh)).toBe('高度（m）');
    expect(importFieldLabel('crs', zh)).toBe('crs');
    expect(importFieldLabel(undefined, zh)).toBe('—');
  });
});
