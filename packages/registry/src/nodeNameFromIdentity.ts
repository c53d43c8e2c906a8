import { isNodeName } from './isNodeName.js';

const PREFIX = 'agent-';

/**
 * The node an identity speaks for: `agent-orion` → `orion`. Returns null for
 * every other identity (humans, `mcp-master`) and for `agent-` followed by
 * something that is not a valid node name, since such an identity can own no node.
 */
export function nodeNameFromIdentity(identity: string): string | null {
  if (!identity.startsWith(PREFIX)) return null;
  const name = identity.slice(PREFIX.length);
  return isNodeName(name) ? name : null;
}
