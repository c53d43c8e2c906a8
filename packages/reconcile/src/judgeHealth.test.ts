import { describe, expect, it } from '@jest/globals';
import { isHealthyStatus, judgeHealth, type HealthInput } from './judgeHealth.js';

const ok = { healthy: true, detail: 'GET /healthz: 200' };
const refused = { healthy: false, detail: 'connect 127.0.0.1:20001: ECONNREFUSED' };
const base: HealthInput = { probe: undefined, containerState: 'running', elapsedMs: 0, deadlineMs: 30_000 };

describe('judgeHealth', () => {
  it.each<[string, Partial<HealthInput>, string, string]>([
    ['before the first check', {}, 'waiting', 'no check ran'],
    ['a healthy check', { probe: ok }, 'healthy', 'GET /healthz: 200'],
    [
      'an unhealthy check before the deadline',
      { probe: refused, elapsedMs: 29_999 },
      'waiting',
      'last check: connect',
    ],
    [
      'an unhealthy check at the deadline',
      { probe: refused, elapsedMs: 30_000 },
      'failed',
      'not healthy within 30s (last check: connect 127.0.0.1:20001: ECONNREFUSED)',
    ],
    [
      'no check at all by the deadline',
      { elapsedMs: 31_000, deadlineMs: 1500 },
      'failed',
      'within 1500ms (no check ran)',
    ],
    [
      'an exited container, whatever it answered',
      { probe: ok, containerState: 'exited' },
      'failed',
      'the container is exited, not running (last check: GET /healthz: 200)',
    ],
    ['a container that vanished', { containerState: 'missing' }, 'failed', 'is missing'],
    [
      'a healthy check just past the deadline still counts',
      { probe: ok, elapsedMs: 40_000 },
      'healthy',
      '200',
    ],
  ])('%s', (_, input, verdict, detail) => {
    const result = judgeHealth({ ...base, ...input });
    expect(result.verdict).toBe(verdict);
    expect(result.detail).toContain(detail);
  });
});

describe('isHealthyStatus', () => {
  it.each<[number, boolean]>([
    [199, false],
    [200, true],
    [204, true],
    [302, true],
    [399, true],
    [400, false],
    [404, false],
    [503, false],
  ])('%i → %s', (status, healthy) => {
    expect(isHealthyStatus(status)).toBe(healthy);
  });
});
