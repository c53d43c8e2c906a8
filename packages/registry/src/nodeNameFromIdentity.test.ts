import { describe, expect, it } from '@jest/globals';
import { isNodeName } from './isNodeName.js';
import { nodeNameFromIdentity } from './nodeNameFromIdentity.js';

describe('nodeNameFromIdentity', () => {
  it.each<[string, string | null]>([
    ['agent-orion', 'orion'],
    ['agent-node-01', 'node-01'],
    ['agent-agent-x', 'agent-x'],
    ['agent-', null],
    ['agent-Orion', null],
    ['agent--x', null],
    ['agent-orion.lan', null],
    ['mcp-master', null],
    ['alice', null],
    ['Agent-orion', null],
    ['', null],
  ])('%p → %p', (identity, name) => {
    expect(nodeNameFromIdentity(identity)).toBe(name);
  });
});

describe('isNodeName', () => {
  it.each<[unknown, boolean]>([
    ['orion', true],
    ['a', true],
    ['0', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['', false],
    ['-a', false],
    ['a-', false],
    ['A', false],
    ['a.b', false],
    [42, false],
    [undefined, false],
  ])('%p → %p', (name, valid) => {
    expect(isNodeName(name)).toBe(valid);
  });
});
