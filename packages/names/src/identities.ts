import { isDnsLabel } from './dnsLabel.js';

/** The master's own identity (`sub` of its tokens, kind `master`). */
export const MASTER_IDENTITY = 'mcp-master';

/** An agent's identity is this prefix followed by its node name. */
export const AGENT_IDENTITY_PREFIX = 'agent-';

/** The identity of the agent on `node`: `orion` → `agent-orion`. */
export function agentIdentity(node: string): string {
  return `${AGENT_IDENTITY_PREFIX}${node}`;
}

/**
 * The node an identity speaks for: `agent-orion` → `orion`. `undefined` for
 * every other identity (people, `mcp-master`) and for `agent-` followed by
 * something that is not a node name, since such an identity owns no node.
 */
export function nodeOfAgentIdentity(identity: string): string | undefined {
  if (!identity.startsWith(AGENT_IDENTITY_PREFIX)) return undefined;
  const node = identity.slice(AGENT_IDENTITY_PREFIX.length);
  return isDnsLabel(node) ? node : undefined;
}
