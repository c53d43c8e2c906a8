import { describe, expect, it } from '@jest/globals';
import { chooseReplacement, type ReplacementInput } from './chooseReplacement.js';

const rolling: ReplacementInput = { strategy: 'rolling', routes: 1, running: true, currentRunning: true };

describe('chooseReplacement', () => {
  it.each<[string, Partial<ReplacementInput>, string]>([
    ['a running web component', {}, 'rolling'],
    ['strategy recreate', { strategy: 'recreate' }, 'recreate'],
    ['a component without routes', { routes: 0 }, 'recreate'],
    ['a service being stopped', { running: false }, 'recreate'],
    ['an old container that is not running', { currentRunning: false }, 'recreate'],
  ])('%s', (_, input, expected) => {
    expect(chooseReplacement({ ...rolling, ...input })).toBe(expected);
  });
});
