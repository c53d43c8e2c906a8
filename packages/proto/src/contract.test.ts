import { describe, expect, it } from '@jest/globals';
import {
  AgentServiceDefinition,
  DeployResponse,
  MasterServiceDefinition,
  NodeInfo,
  NodeStatus,
  ServiceSpec,
} from './index.js';

describe('mcp.v1 contract', () => {
  it.each([
    [
      'MasterService',
      MasterServiceDefinition,
      'Deploy Undeploy Stop Start Restart Status Sync ListNodes ListEdgeRoutes EdgeStatus History Rollback ExpectRestart Register Heartbeat IssueCertificate',
    ],
    [
      'AgentService',
      AgentServiceDefinition,
      'Deploy Undeploy Stop Start Restart Status HealthCheck SetupEdgeRoute RemoveEdgeRoute ListEdgeRoutes',
    ],
  ])('%s has exactly the RPCs of the design brief', (_, definition, names) => {
    const methods: { name: string }[] = Object.values(definition.methods);
    expect(methods.map((m) => m.name).sort()).toEqual(names.split(' ').sort());
  });

  it('streams Deploy from the master so the CLI can show steps as they finish', () => {
    expect(MasterServiceDefinition.methods.deploy.responseStream).toBe(true);
    expect(AgentServiceDefinition.methods.deploy.responseStream).toBe(false);
    expect(MasterServiceDefinition.methods.rollback.responseStream).toBe(true);
  });

  it('round-trips a service spec through the wire format', () => {
    const spec = ServiceSpec.fromPartial({
      name: 'hello',
      active: true,
      tier: 'worker',
      components: [
        {
          name: 'web',
          image: 'localhost/mcp-test/httpd:v1.0.0',
          env: { GREETING: 'hi' },
          routes: [{ port: 8080, mode: 'l7', hostname: 'hello.example.net', public: true }],
        },
      ],
    });
    expect(ServiceSpec.decode(ServiceSpec.encode(spec).finish())).toEqual(spec);
  });

  it('carries times as google.protobuf.Timestamp (Date in TypeScript)', () => {
    const at = new Date('2026-11-27T00:00:00.123Z');
    const node = NodeInfo.fromPartial({
      name: 'rift',
      status: NodeStatus.NODE_STATUS_HEALTHY,
      lastHeartbeat: at,
    });
    expect(NodeInfo.decode(NodeInfo.encode(node).finish()).lastHeartbeat).toEqual(at);
  });

  it('models a deploy event as a step or a final result', () => {
    const event = DeployResponse.fromPartial({ step: { step: 'dns', success: false, error: 'refused' } });
    expect(DeployResponse.decode(DeployResponse.encode(event).finish())).toMatchObject({
      step: { step: 'dns', success: false, error: 'refused' },
      result: undefined,
    });
  });
});
