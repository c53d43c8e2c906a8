import { describe, expect, it } from '@jest/globals';
import { rollbackTarget } from './rollbackTarget.js';

const revs = (...numbers: number[]) => numbers.map((revision) => ({ revision }));

describe('rollbackTarget', () => {
  it.each<[string, number[], number | undefined, number | string]>([
    ['the previous one', [3, 4, 5], undefined, 4],
    ['the previous one, in any order', [5, 3, 4], undefined, 4],
    ['a named older one', [3, 4, 5], 3, 3],
    ['nothing recorded', [], undefined, 'has no recorded revisions; deploy it first'],
    ['only one revision', [1], undefined, 'has only revision 1; there is nothing to roll back to'],
    ['the current one by name', [3, 4, 5], 5, 'revision 5 is what service hello runs now'],
    ['one no longer kept', [3, 4, 5], 1, 'has no revision 1 (kept: 5, 4, 3)'],
  ])('%s', (_, numbers, to, expected) => {
    const choice = rollbackTarget('hello', revs(...numbers), to);
    if (typeof expected === 'number') expect(choice).toEqual({ revision: { revision: expected } });
    else expect(choice).toEqual({ refused: expect.stringContaining(expected) });
  });
});
