import { describe, expect, it } from '@jest/globals';
import { NodeRegistry, type RegistryOptions } from './NodeRegistry.js';
import { RegistryError } from './RegistryError.js';
import type { BootstrapNode, NodeRecord, RegistrationRequest } from './types.js';

// Each node at an address of its own (two nodes never share one).
const KNOWN: Record<string, number> = { rift: 1, orion: 2, hyperborea: 3, svc: 4 };
const addressOf = (name: string): string =>
  `100.64.0.${KNOWN[name] ?? 10 + ([...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 240)}:9444`;

const req = (name: string, extra: Partial<RegistrationRequest> = {}): RegistrationRequest => ({
  name,
  role: 'worker',
  address: addressOf(name),
  arch: 'amd64',
  agentVersion: '0.4.1',
  ...extra,
});

const fleet = (options: Partial<RegistryOptions> = {}): NodeRegistry =>
  new NodeRegistry({ allowlist: ['agent-rift', 'agent-orion', 'agent-hyperborea', 'agent-svc'], ...options });

function refusal(action: () => unknown): RegistryError {
  try {
    action();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('NodeRegistry.register', () => {
  it('creates a record for a new node', () => {
    const registry = fleet();
    expect(registry.register(req('orion'), 'agent-orion', 1000)).toEqual({
      node: {
        name: 'orion',
        role: 'worker',
        address: '100.64.0.2:9444',
        arch: 'amd64',
        agentVersion: '0.4.1',
        registeredAt: 1000,
        lastSeenAt: 1000,
        bootstrap: false,
      },
      created: true,
      previous: undefined,
      previousAddress: undefined,
      warnings: [],
    });
    expect(registry.get('orion')?.registeredAt).toBe(1000);
    expect(Object.isFrozen(registry.get('orion'))).toBe(true);
  });

  it.each<[string, Partial<RegistrationRequest>, string | undefined, string[]]>([
    ['the same details', {}, undefined, []],
    ['a new agent version only', { agentVersion: '0.5.0' }, undefined, []],
    [
      'a new address',
      { address: '[fd7a::9]:9444' },
      '100.64.0.2:9444',
      ['address of node "orion" changed from 100.64.0.2:9444 to [fd7a::9]:9444'],
    ],
    ['a new arch', { arch: 'arm64' }, undefined, ['arch of node "orion" changed from amd64 to arm64']],
    [
      'a new address and arch',
      { address: 'orion.lan:1', arch: 'arm64' },
      '100.64.0.2:9444',
      [
        'address of node "orion" changed from 100.64.0.2:9444 to orion.lan:1',
        'arch of node "orion" changed from amd64 to arm64',
      ],
    ],
  ])(
    're-registration with %s updates the entry and says what changed',
    (_, change, previousAddress, warnings) => {
      const registry = fleet();
      const first = registry.register(req('orion'), 'agent-orion', 1000).node;
      const again = registry.register(req('orion', change), 'agent-orion', 2000);
      expect(again).toMatchObject({ created: false, previous: first, previousAddress, warnings });
      expect(again.node).toMatchObject({ ...change, registeredAt: 2000, lastSeenAt: 2000 });
      expect(registry.get('orion')).toBe(again.node);
      expect(registry.size).toBe(1);
    },
  );

  it.each<[string, string, RegistrationRequest, string, string]>([
    [
      'a human identity',
      'alice',
      req('orion'),
      'IDENTITY_MISMATCH',
      'identity: "alice" is not an agent identity',
    ],
    ['the master identity', 'mcp-master', req('rift'), 'IDENTITY_MISMATCH', 'identity: "mcp-master"'],
    [
      "another node's name",
      'agent-orion',
      req('rift'),
      'IDENTITY_MISMATCH',
      'name: identity "agent-orion" may only register node "orion", got "rift"',
    ],
    ['a name differing in case', 'agent-orion', req('Orion'), 'IDENTITY_MISMATCH', 'got "Orion"'],
    [
      'an identity off the allowlist',
      'agent-vega',
      req('vega'),
      'NOT_ALLOWLISTED',
      'identity: "agent-vega" is not on the registration allowlist',
    ],
    ['a bad field', 'agent-orion', req('orion', { arch: 'sparc' }), 'INVALID_ARCH', 'arch: '],
    [
      'a bad address',
      'agent-orion',
      req('orion', { address: 'orion' }),
      'INVALID_ADDRESS',
      'address: must be host:port, got "orion"',
    ],
  ])('refuses %s', (_, identity, request, code, message) => {
    const registry = fleet();
    const error = refusal(() => registry.register(request, identity, 0));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(registry.size).toBe(0);
  });

  it('checks identity before the fields, so a stranger learns nothing about them', () => {
    expect(refusal(() => fleet().register(req('vega', { arch: 'sparc' }), 'agent-vega', 0)).code).toBe(
      'NOT_ALLOWLISTED',
    );
  });

  it('refuses a new node past maxNodes, but re-registration still works', () => {
    const registry = fleet({ maxNodes: 2 });
    registry.register(req('rift', { role: 'master' }), 'agent-rift', 0);
    registry.register(req('orion'), 'agent-orion', 0);
    const error = refusal(() => registry.register(req('svc', { role: 'edge' }), 'agent-svc', 0));
    expect(error).toMatchObject({ code: 'REGISTRY_FULL', field: 'maxNodes' });
    expect(error.message).toBe(
      'maxNodes: the registry is full (2 of 2 nodes); remove a node or raise the limit',
    );
    expect(registry.register(req('orion', { address: '100.64.0.3:9444' }), 'agent-orion', 1).created).toBe(
      false,
    );
    expect(registry.remove('orion')).toBe(true);
    expect(registry.remove('orion')).toBe(false);
    expect(registry.register(req('svc', { role: 'edge' }), 'agent-svc', 2).created).toBe(true);
  });

  it('holds 16 nodes by default', () => {
    const names = Array.from({ length: 17 }, (_, i) => `n${i}`);
    const registry = new NodeRegistry({ allowlist: names.map((n) => `agent-${n}`) });
    for (const n of names.slice(0, 16)) registry.register(req(n), `agent-${n}`, 0);
    expect(refusal(() => registry.register(req('n16'), 'agent-n16', 0)).code).toBe('REGISTRY_FULL');
  });

  it('keeps a role fixed unless role changes are allowed', () => {
    const strict = fleet();
    strict.register(req('svc', { role: 'edge' }), 'agent-svc', 0);
    const error = refusal(() => strict.register(req('svc', { role: 'worker' }), 'agent-svc', 1));
    expect(error).toMatchObject({ code: 'ROLE_CHANGED', field: 'role' });
    expect(error.message).toBe(
      'role: node "svc" is registered as edge, got worker; remove the node to change its role',
    );
    expect(strict.get('svc')?.role).toBe('edge');

    const relaxed = fleet({ allowRoleChange: true });
    relaxed.register(req('svc', { role: 'edge' }), 'agent-svc', 0);
    expect(relaxed.register(req('svc', { role: 'worker' }), 'agent-svc', 1).warnings).toEqual([
      'role of node "svc" changed from edge to worker',
    ]);
  });

  it('allows one master only', () => {
    const registry = fleet({ allowRoleChange: true });
    registry.register(req('rift', { role: 'master' }), 'agent-rift', 0);
    expect(registry.register(req('rift', { role: 'master' }), 'agent-rift', 1).created).toBe(false);
    const error = refusal(() => registry.register(req('orion', { role: 'master' }), 'agent-orion', 2));
    expect(error).toMatchObject({
      code: 'ROLE_CONFLICT',
      message: 'role: node "rift" is already the master; a fleet has one master',
    });
    registry.register(req('rift'), 'agent-rift', 3); // rift steps down
    expect(registry.register(req('orion', { role: 'master' }), 'agent-orion', 4).node.role).toBe('master');
  });
});

describe('NodeRegistry: addresses', () => {
  it("refuses a node at another node's address, changing nothing; a move to a free address works", () => {
    const registry = fleet();
    registry.register(req('rift', { role: 'master' }), 'agent-rift', 0);
    registry.register(req('orion'), 'agent-orion', 0);
    const error = refusal(() =>
      registry.register(req('orion', { address: addressOf('rift') }), 'agent-orion', 1),
    );
    expect(error).toMatchObject({
      code: 'ADDRESS_IN_USE',
      field: 'address',
      message: `address: ${addressOf('rift')} is node "rift"'s address; two nodes never share one`,
    });
    expect(registry.get('orion')?.address).toBe(addressOf('orion'));
    expect(
      registry.register(req('orion', { address: '100.64.0.99:9444' }), 'agent-orion', 2).previousAddress,
    ).toBe(addressOf('orion'));
  });

  it("refuses a bootstrap node's address too, and host names case-insensitively", () => {
    const registry = fleet();
    registry.seedBootstrap([{ name: 'rift', role: 'master', address: 'Rift.lan:9444', arch: 'amd64' }]);
    expect(
      refusal(() => registry.register(req('orion', { address: 'rift.LAN:9444' }), 'agent-orion', 0)).code,
    ).toBe('ADDRESS_IN_USE');
    expect(
      registry.register(req('rift', { role: 'master', address: 'rift.lan:9444' }), 'agent-rift', 0).created,
    ).toBe(false);
  });

  it('check() says what register() would refuse, and changes nothing', () => {
    const registry = fleet();
    expect(registry.check(req('orion'), 'agent-orion')).toMatchObject({ name: 'orion', role: 'worker' });
    expect(registry.get('orion')).toBeUndefined();
    expect(refusal(() => registry.check(req('orion'), 'agent-rift')).code).toBe('IDENTITY_MISMATCH');
  });
});

describe('NodeRegistry: bootstrap nodes, heartbeats and reads', () => {
  const boot: BootstrapNode[] = [
    { name: 'rift', role: 'master', address: '100.64.0.1:9444', arch: 'amd64' },
    { name: 'hyperborea', role: 'worker', address: '100.64.0.3:9444', arch: 'arm64' },
  ];

  it('seeds config nodes without registration; they count as known nodes', () => {
    const registry = fleet({ maxNodes: 3, allowlist: ['agent-orion', 'agent-svc'] });
    expect(registry.seedBootstrap(boot).map((n) => n.name)).toEqual(['rift', 'hyperborea']);
    expect(registry.get('hyperborea')).toEqual({
      ...boot[1],
      agentVersion: undefined,
      registeredAt: undefined,
      lastSeenAt: undefined,
      bootstrap: true,
    });
    registry.register(req('orion'), 'agent-orion', 0);
    expect(refusal(() => registry.register(req('svc', { role: 'edge' }), 'agent-svc', 0)).code).toBe(
      'REGISTRY_FULL',
    );
  });

  it('a bootstrap node that registers keeps its bootstrap flag, its role, and needs the allowlist', () => {
    const registry = fleet({ allowlist: ['agent-rift'] });
    registry.seedBootstrap(boot);
    expect(
      refusal(() => registry.register(req('hyperborea', { arch: 'arm64' }), 'agent-hyperborea', 0)).code,
    ).toBe('NOT_ALLOWLISTED');
    expect(refusal(() => registry.register(req('rift'), 'agent-rift', 0)).code).toBe('ROLE_CHANGED');
    const result = registry.register(
      req('rift', { role: 'master', address: '100.64.0.9:9444' }),
      'agent-rift',
      5,
    );
    expect(result).toMatchObject({ created: false, previousAddress: '100.64.0.1:9444' });
    expect(result.node).toMatchObject({ bootstrap: true, registeredAt: 5, agentVersion: '0.4.1' });
  });

  it('re-seeding replaces config-only entries but never one its agent registered', () => {
    const registry = fleet();
    registry.seedBootstrap(boot);
    registry.touch('hyperborea', 7);
    registry.register(req('rift', { role: 'master', address: '100.64.0.9:9444' }), 'agent-rift', 5);
    const moved = boot.map((n) => ({ ...n, address: n.address.replace('9444', '7000') }));
    expect(registry.seedBootstrap(moved).map((n) => n.name)).toEqual(['hyperborea']);
    expect(registry.get('rift')?.address).toBe('100.64.0.9:9444');
    expect(registry.get('hyperborea')).toMatchObject({ address: '100.64.0.3:7000', lastSeenAt: 7 });
  });

  it.each<[string, BootstrapNode[], Partial<RegistryOptions>, string, string]>([
    ['a bad name', [{ ...boot[0]!, name: 'Rift' }], {}, 'INVALID_NAME', 'name: '],
    ['a bad role', [{ ...boot[0]!, role: 'king' }], {}, 'INVALID_ROLE', 'role: '],
    [
      'a bad address',
      [{ ...boot[0]!, address: 'rift' }],
      {},
      'INVALID_ADDRESS',
      'address: must be host:port, got "rift"',
    ],
    ['a bad arch', [{ ...boot[0]!, arch: 'mips' }], {}, 'INVALID_ARCH', 'arch: '],
    ['a name twice', [boot[0]!, boot[0]!], {}, 'DUPLICATE_NODE', 'name: node "rift" is listed twice'],
    [
      'two masters',
      [boot[0]!, { ...boot[1]!, role: 'master' }],
      {},
      'ROLE_CONFLICT',
      'role: nodes "rift" and "hyperborea" both claim master; a fleet has one master',
    ],
    [
      'more nodes than maxNodes',
      boot,
      { maxNodes: 1 },
      'REGISTRY_FULL',
      'maxNodes: 3 nodes with the bootstrap nodes, more than the limit of 1',
    ],
  ])('refuses seeding %s, all or nothing', (_, nodes, options, code, message) => {
    const registry = fleet(options);
    const good: BootstrapNode = { name: 'orion', role: 'worker', address: '100.64.0.2:9444', arch: 'amd64' };
    const error = refusal(() => registry.seedBootstrap([good, ...nodes]));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(registry.size).toBe(0);
  });

  it('records heartbeats and refuses them for unknown nodes', () => {
    const registry = fleet();
    registry.register(req('orion'), 'agent-orion', 0);
    expect(registry.touch('orion', 30_000)).toMatchObject({ lastSeenAt: 30_000, registeredAt: 0 });
    expect(registry.get('orion')?.lastSeenAt).toBe(30_000);
    expect(refusal(() => registry.touch('vega', 1))).toMatchObject({
      code: 'UNKNOWN_NODE',
      message: 'name: node "vega" is not registered',
    });
  });

  it('lists nodes sorted by name', () => {
    const registry = fleet();
    for (const n of ['svc', 'orion', 'rift']) registry.register(req(n), `agent-${n}`, 0);
    expect(registry.list().map((n) => n.name)).toEqual(['orion', 'rift', 'svc']);
  });

  it('starts from stored records', () => {
    const stored: NodeRecord = {
      name: 'orion',
      role: 'worker',
      address: '100.64.0.2:9444',
      arch: 'amd64',
      agentVersion: '0.4.1',
      registeredAt: 1,
      lastSeenAt: 2,
      bootstrap: false,
    };
    const registry = fleet({ nodes: [stored] });
    expect(registry.get('orion')).toEqual(stored);
    expect(registry.register(req('orion'), 'agent-orion', 3).created).toBe(false);
    expect(refusal(() => fleet({ nodes: [stored, stored] })).code).toBe('DUPLICATE_NODE');
  });

  it.each<[string, Partial<RegistryOptions>, string]>([
    [
      'a node name on the allowlist',
      { allowlist: ['orion'] },
      'allowlist: "orion" is not an agent identity (agent-<node name>)',
    ],
    ['zero maxNodes', { maxNodes: 0 }, 'maxNodes: must be a whole number >= 1, got 0'],
    ['fractional maxNodes', { maxNodes: 2.5 }, 'maxNodes: must be a whole number >= 1, got 2.5'],
  ])('refuses %s', (_, options, message) => {
    expect(refusal(() => new NodeRegistry(options))).toMatchObject({ code: 'INVALID_OPTION', message });
  });
});
