import { describe, expect, it } from '@jest/globals';
import {
  agentIdentity,
  dnsLabelProblem,
  isDnsLabel,
  isDnsName,
  isNodeArch,
  isNodeRole,
  nodeArchOf,
  nodeDnsName,
  nodeOfAgentIdentity,
  serviceSuffix,
} from './index.js';

describe('isDnsLabel and dnsLabelProblem', () => {
  it.each<[unknown, string | undefined]>([
    ['orion', undefined],
    ['a', undefined],
    ['node-1', undefined],
    ['0', undefined],
    ['a'.repeat(63), undefined],
    ['', 'is empty'],
    ['a'.repeat(64), 'is longer than 63 characters'],
    ['-node', 'starts or ends with a hyphen'],
    ['node-', 'starts or ends with a hyphen'],
    ['Node', 'has a character outside a-z, 0-9 and "-"'],
    ['a.b', 'has a character outside a-z, 0-9 and "-"'],
    ['a_b', 'has a character outside a-z, 0-9 and "-"'],
  ])('%j → %s', (label, problem) => {
    expect(typeof label === 'string' ? dnsLabelProblem(label) : undefined).toBe(problem);
    expect(isDnsLabel(label)).toBe(problem === undefined);
  });

  it('is false for what is not a string', () => {
    expect(isDnsLabel(42)).toBe(false);
    expect(isDnsLabel(undefined)).toBe(false);
  });
});

describe('isDnsName', () => {
  it.each<[unknown, boolean]>([
    ['hello.svc.mcp.example.net', true],
    ['localhost', true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false],
    ['Hello.example.net', false],
    ['example.net.', false],
    ['a..b', false],
    ['', false],
    [7, false],
  ])('%j → %s', (name, valid) => {
    expect(isDnsName(name)).toBe(valid);
  });
});

describe('roles and architectures', () => {
  it.each([
    ['master', true],
    ['worker', true],
    ['edge', true],
    ['Master', false],
    ['', false],
  ])('isNodeRole(%j) → %s', (role, valid) => {
    expect(isNodeRole(role)).toBe(valid);
  });

  it.each([
    ['amd64', true],
    ['arm64', true],
    ['x64', false],
  ])('isNodeArch(%j) → %s', (arch, valid) => {
    expect(isNodeArch(arch)).toBe(valid);
  });

  it.each([
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
    ['ia32', undefined],
    ['riscv64', undefined],
  ])('nodeArchOf(%j) → %s', (arch, name) => {
    expect(nodeArchOf(arch)).toBe(name);
  });
});

describe('agent identities', () => {
  it('names the agent of a node and reads the node back', () => {
    expect(agentIdentity('orion')).toBe('agent-orion');
    expect(nodeOfAgentIdentity(agentIdentity('orion'))).toBe('orion');
  });

  it.each(['mcp-master', 'alice', 'agent-', 'agent-Orion', 'agent-orion.lan', 'Agent-orion'])(
    '%j speaks for no node',
    (identity) => {
      expect(nodeOfAgentIdentity(identity)).toBeUndefined();
    },
  );
});

describe('fleet names', () => {
  it('derives service and node names from the zone', () => {
    expect(serviceSuffix('example.net')).toBe('svc.mcp.example.net');
    expect(nodeDnsName('orion', 'example.net')).toBe('orion.node.mcp.example.net');
  });
});
