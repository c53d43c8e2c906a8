import { describe, expect, it } from '@jest/globals';
import { nextHostPort } from './nextHostPort.js';

describe('nextHostPort', () => {
  it.each<[[number, number], number, number]>([
    [[20000, 20001], 20000, 20001],
    [[20000, 20001], 20001, 20000],
    [[31000, 12000], 12000, 31000],
  ])('pair %j, active %i → %i', (pair, active, next) => {
    expect(nextHostPort(pair, active)).toBe(next);
  });

  it('alternates over redeploys', () => {
    let active = 20000;
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((active = nextHostPort([20000, 20001], active)));
    expect(seen).toEqual([20001, 20000, 20001, 20000]);
  });

  it.each<[[number, number], number, RegExp]>([
    [[20000, 20001], 20002, /20002 is not one of the route's pair 20000\/20001/],
    [[20000, 20000], 20000, /must differ/],
  ])('refuses pair %j with active %i', (pair, active, message) => {
    expect(() => nextHostPort(pair, active)).toThrow(message);
  });
});
