import type { CallerKind } from '@mcp/auth';
import { agentIdentity, MASTER_IDENTITY } from '@mcp/names';
import { directTokenPath, tokenPath } from './fleetLayout.js';
import type { ResolvedInitOptions } from './resolveInitOptions.js';

/** One token `initFleet` makes: who it names, whom it is for, and where it goes. */
export interface FleetToken {
  readonly sub: string;
  readonly kind: CallerKind;
  /** The one receiver that accepts it: `mcp-master`, or `agent-<node>`. */
  readonly audience: string;
  /** Its file, under the fleet directory. */
  readonly path: string;
}

/**
 * The tokens a fleet needs, each for one receiver only: every agent's and
 * every operator's token for the master (`tokens/<identity>.token`), and per
 * operator one direct-mode token per agent node
 * (`tokens/direct/<operator>/<node>.token`), which only that agent accepts,
 * so no agent can replay what it sees against the master or another agent.
 * The master mints its own short-lived tokens for agents; it needs no file.
 */
export function fleetTokens(options: ResolvedInitOptions): FleetToken[] {
  const { dir } = options;
  return [
    ...options.operators.map((sub) => ({
      sub,
      kind: 'human' as const,
      audience: MASTER_IDENTITY,
      path: tokenPath(dir, sub),
    })),
    ...options.agents.map((node) => ({
      sub: agentIdentity(node),
      kind: 'agent' as const,
      audience: MASTER_IDENTITY,
      path: tokenPath(dir, agentIdentity(node)),
    })),
    ...options.operators.flatMap((sub) =>
      options.agents.map((node) => ({
        sub,
        kind: 'human' as const,
        audience: agentIdentity(node),
        path: directTokenPath(dir, sub, node),
      })),
    ),
  ];
}
