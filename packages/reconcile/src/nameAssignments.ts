import type { NameAssignment } from './certificateRefusal.js';
import { internalNames } from './internalNames.js';
import type { PlacedService } from './planDeploy.js';

/**
 * Every name the master has given a node: each placed service's internal
 * names on its node, each recorded edge route's public name on its edge,
 * and whatever deploys under way are about to add (`pending`).
 */
export function nameAssignments(input: {
  readonly zone: string;
  readonly placements: readonly PlacedService[];
  readonly edgeRoutes: readonly {
    readonly hostname: string;
    readonly edgeNode: string;
    readonly service: string;
  }[];
  readonly pending: readonly NameAssignment[];
}): NameAssignment[] {
  return [
    ...input.placements.map((p) => ({
      node: p.node,
      service: p.service,
      names: internalNames(p.spec, input.zone),
    })),
    ...input.edgeRoutes.map((r) => ({ node: r.edgeNode, service: r.service, names: [r.hostname] })),
    ...input.pending,
  ];
}
