import { describe, expect, it } from '@jest/globals';
import { age, stepLine, table, toJson, utcMinute } from './render.js';

describe('table', () => {
  it('pads every column but the last, headers in capitals', () => {
    expect(
      table(
        ['name', 'ports'],
        [
          ['hello', '1->2'],
          ['a', ''],
        ],
      ),
    ).toBe('NAME   PORTS\nhello  1->2\na');
  });
});

describe('stepLine', () => {
  it.each<[{ step: string; success: boolean; error: string; detail: string }, string]>([
    [
      { step: 'containers', success: true, error: '', detail: 'created mcp-hello-web' },
      'ok   containers   created mcp-hello-web',
    ],
    [{ step: 'routes', success: true, error: '', detail: '' }, 'ok   routes'],
    [
      {
        step: 'containers',
        success: false,
        error: 'podman run failed: Trying\nError: no such image\n',
        detail: '',
      },
      'FAIL containers   podman run failed: Trying\n                  Error: no such image',
    ],
  ])('%j', (step, line) => {
    expect(stepLine(step)).toBe(line);
  });
});

describe('age and dates', () => {
  const now = new Date('2026-01-02T00:00:00Z');
  it.each<[number, string]>([
    [5, '5s'],
    [125, '2m'],
    [7200, '2h'],
    [3 * 86400, '3d'],
    [-10, '0s'],
  ])('%d s ago → %s', (seconds, shown) => {
    expect(age(new Date(now.getTime() - seconds * 1000), now)).toBe(shown);
  });

  it('shows a missing date as -', () => {
    expect(age(undefined, now)).toBe('-');
    expect(utcMinute(undefined)).toBe('-');
    expect(utcMinute(now)).toBe('2026-01-02 00:00 UTC');
  });

  it('writes dates as ISO strings in JSON', () => {
    expect(JSON.parse(toJson({ at: now }))).toEqual({ at: '2026-01-02T00:00:00.000Z' });
  });
});
