import { describe, expect, it } from '@jest/globals';
import { dnsPlanIsEmpty, planDnsRecords } from './planDnsRecords.js';

const A = '100.64.0.2';
const B = '100.64.0.3';

describe('planDnsRecords', () => {
  it.each<[string, string[], { name: string; address: string }[], string[], string[]]>([
    ['a first deploy sets every name', ['web.s', 'api.s'], [], ['api.s', 'web.s'], []],
    ['nothing to do when all point at the node', ['web.s'], [{ name: 'web.s', address: A }], [], []],
    ['a move points every name at the new node', ['web.s'], [{ name: 'web.s', address: B }], ['web.s'], []],
    [
      'a renamed component: set the new name, drop the old',
      ['www.s'],
      [{ name: 'web.s', address: A }],
      ['www.s'],
      ['web.s'],
    ],
    ['routes gone: drop every record', [], [{ name: 'web.s', address: A }], [], ['web.s']],
    ['duplicates in wanted count once', ['web.s', 'web.s'], [], ['web.s'], []],
  ])('%s', (_, wanted, recorded, set, remove) => {
    const plan = planDnsRecords(wanted, A, recorded);
    expect(plan).toEqual({ address: A, set, remove });
    expect(dnsPlanIsEmpty(plan)).toBe(set.length === 0 && remove.length === 0);
  });
});
