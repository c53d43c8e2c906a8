import { describe, expect, it } from '@jest/globals';
import { AgentServiceDefinition, MasterServiceDefinition } from '@mcp/proto';
import { authorizationTable } from './authorizationTable.js';

// Every RPC the contract defines, as nice-grpc names it in `call.method.path`.
const protoPaths = [MasterServiceDefinition, AgentServiceDefinition].flatMap((service) =>
  Object.values(service.methods).map((method) => `/${service.fullName}/${method.name}`),
);
const HEALTH = ['/grpc.health.v1.Health/Check', '/grpc.health.v1.Health/Watch'];

describe.each([false, true])('authorizationTable({ agentAllowsHumans: %s })', (agentAllowsHumans) => {
  const table = authorizationTable({ agentAllowsHumans });

  it('lists every RPC of MasterService and AgentService', () => {
    // Guards the iteration itself: a shape change must not make this vacuous.
    expect(protoPaths).toEqual(
      expect.arrayContaining(['/mcp.v1.MasterService/Deploy', '/mcp.v1.AgentService/Deploy']),
    );
    expect(protoPaths.filter((path) => !table.has(path))).toEqual([]);
  });

  it('lists nothing that is not in the contract, except the public health service', () => {
    expect([...table.keys()].filter((path) => !protoPaths.includes(path))).toEqual(HEALTH);
  });

  it('makes only grpc.health.v1 public', () => {
    expect([...table].filter(([, access]) => access === 'public').map(([path]) => path)).toEqual(HEALTH);
  });
});

describe('authorizationTable', () => {
  const closed = authorizationTable();
  const direct = authorizationTable({ agentAllowsHumans: true });

  it.each([
    'Deploy',
    'Undeploy',
    'Stop',
    'Start',
    'Restart',
    'Status',
    'Sync',
    'ListNodes',
    'ListEdgeRoutes',
    'EdgeStatus',
    'History',
    'Rollback',
  ])('lets humans and the master call MasterService/%s', (rpc) => {
    expect(closed.get(`/mcp.v1.MasterService/${rpc}`)).toEqual(['human', 'master']);
    expect(direct.get(`/mcp.v1.MasterService/${rpc}`)).toEqual(['human', 'master']);
  });

  it('lets only humans call MasterService/ExpectRestart: not agents, not the master', () => {
    expect(closed.get('/mcp.v1.MasterService/ExpectRestart')).toEqual(['human']);
    expect(direct.get('/mcp.v1.MasterService/ExpectRestart')).toEqual(['human']);
  });

  it.each(['Register', 'Heartbeat', 'IssueCertificate'])('lets only agents call %s', (rpc) => {
    expect(closed.get(`/mcp.v1.MasterService/${rpc}`)).toEqual(['agent']);
  });

  const EDGE = ['SetupEdgeRoute', 'RemoveEdgeRoute', 'ListEdgeRoutes'];
  it.each(
    Object.values(AgentServiceDefinition.methods)
      .map((method) => [method.name])
      .filter(([name]) => !EDGE.includes(name!)),
  )('lets the master call AgentService/%s, and humans only in direct mode', (rpc) => {
    expect(closed.get(`/mcp.v1.AgentService/${rpc}`)).toEqual(['master']);
    expect(direct.get(`/mcp.v1.AgentService/${rpc}`)).toEqual(['master', 'human']);
  });
  it.each(EDGE)('lets only the master call AgentService/%s, even in direct mode', (rpc) => {
    expect(closed.get(`/mcp.v1.AgentService/${rpc}`)).toEqual(['master']);
    expect(direct.get(`/mcp.v1.AgentService/${rpc}`)).toEqual(['master']);
  });

  it('defaults to no direct mode', () => {
    expect(authorizationTable({}).get('/mcp.v1.AgentService/Deploy')).toEqual(['master']);
  });
});
