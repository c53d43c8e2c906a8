import { describe, expect, it } from '@jest/globals';
import { requireNodeIdentity } from './requireNodeIdentity.js';
import type { Identity } from './types.js';

describe('requireNodeIdentity', () => {
  it('accepts the agent acting for its own node', () => {
    expect(() => requireNodeIdentity({ sub: 'agent-orion', kind: 'agent' }, 'orion')).not.toThrow();
  });

  it.each<[string, Identity, string]>([
    ['another node', { sub: 'agent-orion', kind: 'agent' }, 'rift'],
    ['a node whose name extends it', { sub: 'agent-orion', kind: 'agent' }, 'orion-2'],
    ['an empty node name', { sub: 'agent-orion', kind: 'agent' }, ''],
    ['the master', { sub: 'mcp-master', kind: 'master' }, 'master'],
    ['a human', { sub: 'alice', kind: 'human' }, 'alice'],
  ])('refuses %s with PERMISSION_DENIED naming caller and node', (_, identity, node) => {
    expect(() => requireNodeIdentity(identity, node)).toThrow(
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining(`${identity.sub} (${identity.kind}) may not act for node "${node}"`),
      }),
    );
  });

  it('quotes and shortens a hostile node name', () => {
    expect(() => requireNodeIdentity({ sub: 'agent-orion', kind: 'agent' }, `x\n${'y'.repeat(500)}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('\n') }),
    );
  });
});
