import type { AgentServiceImplementation, EdgeRoute } from '@mcp/proto';
import { isDnsLabel } from '@mcp/names';
import { ServerError, Status } from 'nice-grpc';
import type { EdgeRouter, ServedEdgeRoute } from './EdgeRouter.js';
import { probeBackend } from './probeBackend.js';

type EdgeHandlers = Pick<AgentServiceImplementation, 'setupEdgeRoute' | 'removeEdgeRoute' | 'listEdgeRoutes'>;

/**
 * The edge RPCs of an edge agent. Only the master may call them (the
 * authorization table); the rules are `@mcp/edge`'s, applied by `EdgeRouter`
 * before anything changes.
 */
export function createEdgeService(router: EdgeRouter, node: string, caPem: string): EdgeHandlers {
  const toProto = (r: ServedEdgeRoute): EdgeRoute => ({
    hostname: r.hostname,
    backendHostname: r.backendHostname,
    backendPort: r.backendPort,
    backendTls: true,
    edgeNode: node,
    certSerial: r.certSerial,
    certExpiresAt: r.certExpiresAt,
    service: r.service,
    backendAddress: r.backendAddress,
    backendReachable: false,
    backendProblem: '',
  });
  return {
    async setupEdgeRoute(request) {
      if (!isDnsLabel(request.service)) {
        throw new ServerError(
          Status.INVALID_ARGUMENT,
          `service: must be the DNS label of the service the route belongs to, got ${JSON.stringify(request.service)}`,
        );
      }
      return { route: toProto(await router.setup(request)) };
    },
    async removeEdgeRoute({ hostname }) {
      await router.remove(hostname);
      return {};
    },
    async listEdgeRoutes({ checkBackends }) {
      const routes = router.list().map(toProto);
      if (checkBackends) {
        await Promise.all(
          routes.map(async (r) => {
            const problem = await probeBackend(r.backendAddress, r.backendPort, r.backendHostname, caPem);
            r.backendReachable = problem === undefined;
            r.backendProblem = problem ?? '';
          }),
        );
      }
      return { routes };
    },
  };
}
