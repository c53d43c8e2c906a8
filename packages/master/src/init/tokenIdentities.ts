import type { CallerKind } from '@mcp/auth';
import { agentIdentity, MASTER_IDENTITY } from '@mcp/names';
import type { ResolvedInitOptions } from './resolveInitOptions.js';

/** One token `initFleet` makes. */
export interface TokenIdentity {
  readonly sub: string;
  readonly kind: CallerKind;
}

/** The tokens a fleet needs: the master's, each operator's, each agent's. */
export function tokenSubjects(options: ResolvedInitOptions): TokenIdentity[] {
  return [
    { sub: MASTER_IDENTITY, kind: 'master' },
    ...options.operators.map((sub) => ({ sub, kind: 'human' as const })),
    ...options.agents.map((node) => ({ sub: agentIdentity(node), kind: 'agent' as const })),
  ];
}

/** The identities of `tokenSubjects`. */
export function tokenIdentities(options: ResolvedInitOptions): string[] {
  return tokenSubjects(options).map(({ sub }) => sub);
}
