import { describe, expect, it } from '@jest/globals';
import { takesNewWork } from './takesNewWork.js';
import type { LivenessStatus } from './types.js';

describe('takesNewWork', () => {
  it.each<[LivenessStatus, boolean]>([
    ['healthy', true],
    ['probing', true],
    ['unknown', false],
    ['unhealthy', false],
    ['restarting', false],
  ])('%s → %s', (status, expected) => {
    expect(takesNewWork(status)).toBe(expected);
  });
});
