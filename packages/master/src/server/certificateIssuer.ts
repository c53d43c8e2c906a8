import type { MasterConfig } from '@mcp/spec';
import { certificateRefusal, nameAssignments } from '@mcp/reconcile';
import { agentIdentity } from '@mcp/names';
import type { PendingNames } from '../deploy/PendingNames.js';
import { placedServices } from '../deploy/placedServices.js';
import type { Fleet } from '../fleet/Fleet.js';
import { issueAgentCertificate } from '../pki/issueAgentCertificate.js';
import type { FleetCa, SignedCertificate } from '../pki/FleetCa.js';
import { PkiError } from '../pki/PkiError.js';
import type { MasterStore } from '../store/MasterStore.js';

/**
 * The master's `IssueCertificate` policy, wired to its records: the form of
 * each name by the caller's role (`checkCertificatePolicy`), and the name
 * itself by what the master placed on, or assigned to, the caller's node
 * (`@mcp/reconcile`'s `certificateRefusal`): placements, recorded edge
 * routes and deploys under way. A renewal passes the same checks.
 */
export function certificateIssuer(deps: {
  ca: FleetCa;
  config: MasterConfig;
  store: MasterStore;
  fleet: Fleet;
  pending: PendingNames;
}): (node: string, csrPem: string) => Promise<SignedCertificate> {
  const { ca, config, store, fleet, pending } = deps;
  return (node, csrPem) => {
    const record = fleet.get(node);
    if (!record) throw new PkiError('POLICY_DENIED', `node ${node} is not registered; register first`);
    const assignments = nameAssignments({
      zone: config.zone,
      placements: placedServices(store),
      edgeRoutes: store.listEdgeRoutes(),
      pending: pending.list(),
    });
    return issueAgentCertificate(ca, {
      csrPem,
      identity: agentIdentity(node),
      role: record.role,
      zone: config.zone,
      allowedDomains: config.edge.allowedDomains,
      lifetimeMs: config.ca.certLifetimeMs,
      now: Date.now(),
      refusal: (name) => certificateRefusal(node, name, assignments),
    });
  };
}
