import { describe, expect, it } from '@jest/globals';
import { RegistryError } from './RegistryError.js';
import type { RegistrationRequest } from './types.js';
import { validateRegistration } from './validateRegistration.js';

const ok: RegistrationRequest = {
  name: 'orion',
  role: 'worker',
  address: '100.64.0.2:9444',
  arch: 'amd64',
  agentVersion: '0.4.1',
};

const fieldOf: Record<string, keyof RegistrationRequest> = {
  INVALID_NAME: 'name',
  INVALID_ROLE: 'role',
  INVALID_ADDRESS: 'address',
  INVALID_ARCH: 'arch',
  INVALID_VERSION: 'agentVersion',
};

describe('validateRegistration', () => {
  it.each<[string, Partial<RegistrationRequest>]>([
    ['a plain worker', {}],
    ['a master', { role: 'master' }],
    ['an edge node', { role: 'edge' }],
    ['arm64', { arch: 'arm64' }],
    ['a one-character name', { name: 'a' }],
    ['a name with digits and hyphens', { name: 'node-01' }],
    ['a name of 63 characters', { name: 'a'.repeat(63) }],
    ['a name that starts with a digit', { name: '1node' }],
    ['a pre-release version', { agentVersion: '1.0.0-rc.1' }],
    ['a version with build metadata', { agentVersion: '1.0.0+sha.5114f85' }],
    ['a git-describe version', { agentVersion: 'v0.4.1-3-gabc1234' }],
    ['an IPv6 address', { address: '[fd7a::2]:9444' }],
  ])('accepts %s', (_, change) => {
    const request = { ...ok, ...change };
    expect(validateRegistration(request)).toEqual(request);
  });

  it.each<[string, Partial<Record<keyof RegistrationRequest, unknown>>, string, string]>([
    [
      'an empty name',
      { name: '' },
      'INVALID_NAME',
      'name: must be a DNS label (1 to 63 of a-z, 0-9 and "-", not starting or ending with "-"), got ""',
    ],
    ['an upper-case name', { name: 'Orion' }, 'INVALID_NAME', 'got "Orion"'],
    ['a leading hyphen', { name: '-orion' }, 'INVALID_NAME', 'got "-orion"'],
    ['a trailing hyphen', { name: 'orion-' }, 'INVALID_NAME', 'got "orion-"'],
    ['a dot', { name: 'orion.lan' }, 'INVALID_NAME', 'got "orion.lan"'],
    ['an underscore', { name: 'my_node' }, 'INVALID_NAME', 'got "my_node"'],
    ['a space', { name: 'my node' }, 'INVALID_NAME', 'got "my node"'],
    ['64 characters', { name: 'a'.repeat(64) }, 'INVALID_NAME', 'name: must be a DNS label'],
    ['a missing name', { name: undefined }, 'INVALID_NAME', 'got undefined'],
    [
      'an unknown role',
      { role: 'boss' },
      'INVALID_ROLE',
      'role: must be one of master, worker, edge, got "boss"',
    ],
    ['an upper-case role', { role: 'Worker' }, 'INVALID_ROLE', 'got "Worker"'],
    ['an empty role', { role: '' }, 'INVALID_ROLE', 'got ""'],
    ['a bad address', { address: 'foo' }, 'INVALID_ADDRESS', 'address: must be host:port, got "foo"'],
    ['an empty address', { address: '' }, 'INVALID_ADDRESS', 'address: must be host:port, got ""'],
    [
      'an unknown arch',
      { arch: 'x86_64' },
      'INVALID_ARCH',
      'arch: must be one of amd64, arm64, got "x86_64"',
    ],
    ['a missing arch', { arch: undefined }, 'INVALID_ARCH', 'got undefined'],
    [
      'an empty version',
      { agentVersion: '' },
      'INVALID_VERSION',
      'agentVersion: must be a semantic version such as 1.4.0, got ""',
    ],
    ['a two-part version', { agentVersion: '1.4' }, 'INVALID_VERSION', 'got "1.4"'],
    ['a word', { agentVersion: 'latest' }, 'INVALID_VERSION', 'got "latest"'],
    ['leading zeros', { agentVersion: '01.2.3' }, 'INVALID_VERSION', 'got "01.2.3"'],
    [
      'a version over 64 characters',
      { agentVersion: `1.0.0-${'a'.repeat(60)}` },
      'INVALID_VERSION',
      'agentVersion: ',
    ],
    ['several wrong fields: the first is reported', { name: 'BAD', role: 'boss' }, 'INVALID_NAME', 'name: '],
  ])('refuses %s', (_, change, code, message) => {
    let caught: unknown;
    try {
      validateRegistration({ ...ok, ...change } as RegistrationRequest);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RegistryError);
    expect(caught).toMatchObject({ code, field: fieldOf[code] });
    expect((caught as Error).message).toContain(message);
  });
});
