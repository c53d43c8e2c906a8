import { describe, expect, it } from '@jest/globals';
import { checkIdentity } from './checkIdentity.js';

describe('checkIdentity', () => {
  it.each([
    ['alice', 'human'],
    ['alice@example.com', 'human'],
    ['ops.bob', 'human'],
    ['agent-orion', 'agent'],
    ['agent-rift-2', 'agent'],
    [`agent-${'a'.repeat(63)}`, 'agent'],
    ['mcp-master', 'master'],
  ])('accepts %s as %s', (sub, kind) => {
    expect(checkIdentity(sub, kind)).toEqual({ sub, kind });
  });

  it.each<[string, unknown, unknown]>([
    ['a human using the agent- prefix', 'agent-orion', 'human'],
    ['a human using the agent- prefix in another case', 'Agent-orion', 'human'],
    ['a human named mcp-master', 'mcp-master', 'human'],
    ['a human using the mcp- prefix', 'mcp-admin', 'human'],
    ['a human name with a space', 'alice smith', 'human'],
    ['a human name with a newline', 'alice\nbob', 'human'],
    ['a human name that is too long', 'a'.repeat(129), 'human'],
    ['an agent without the prefix', 'orion', 'agent'],
    ['an agent with an empty node name', 'agent-', 'agent'],
    ['an agent with an uppercase node name', 'agent-Orion', 'agent'],
    ['an agent with a dotted node name', 'agent-orion.lan', 'agent'],
    ['an agent whose node name ends in -', 'agent-orion-', 'agent'],
    ['an agent whose node name is too long', `agent-${'a'.repeat(64)}`, 'agent'],
    ['an agent named mcp-master', 'mcp-master', 'agent'],
    ['a master under another name', 'master', 'master'],
    ['a master with an agent name', 'agent-rift', 'master'],
    ['an unknown kind', 'alice', 'admin'],
    ['a missing kind', 'alice', undefined],
    ['a missing sub', undefined, 'human'],
    ['an empty sub', '', 'human'],
    ['a numeric sub', 42, 'human'],
  ])('refuses %s', (_, sub, kind) => {
    expect(() => checkIdentity(sub, kind)).toThrow(
      expect.objectContaining({ code: 'INCONSISTENT_IDENTITY' }),
    );
  });
});
