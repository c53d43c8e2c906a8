import { describe, expect, it } from '@jest/globals';
import { nextRevision, revisionsToForget } from './keepRevisions.js';

const revs = (...numbers: number[]) => numbers.map((revision) => ({ revision }));

describe('revisionsToForget', () => {
  it.each<[string, number[], number | undefined, number[]]>([
    ['none recorded', [], undefined, []],
    ['fewer than five', [1, 2, 3], undefined, []],
    ['exactly five', [1, 2, 3, 4, 5], undefined, []],
    ['a sixth: the oldest goes', [1, 2, 3, 4, 5, 6], undefined, [1]],
    ['in any order, oldest first', [9, 3, 7, 8, 4, 6, 5], undefined, [3, 4]],
    ['keep one', [1, 2, 3], 1, [1, 2]],
  ])('%s', (_, numbers, keep, forgotten) => {
    expect(revisionsToForget(revs(...numbers), keep).map((r) => r.revision)).toEqual(forgotten);
  });

  it('refuses to keep none', () => {
    expect(() => revisionsToForget(revs(1), 0)).toThrow(/at least one/);
  });
});

describe('nextRevision', () => {
  it.each<[number[], number]>([
    [[], 1],
    [[1], 2],
    [[4, 6, 5], 7],
  ])('after %j → %i', (numbers, next) => {
    expect(nextRevision(revs(...numbers))).toBe(next);
  });
});
