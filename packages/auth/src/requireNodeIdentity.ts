import { AuthError } from './AuthError.js';
import { AGENT_IDENTITY_PREFIX, agentIdentity } from '@mcp/names';
import type { Identity } from './types.js';

/**
 * The identity-bound check for agent RPCs (`Register`, `Heartbeat`,
 * `IssueCertificate`): the node name in the request must be the caller's
 * identity minus `agent-`. Thrown inside a handler behind
 * `createAuthMiddleware`, the error reaches the client as `PERMISSION_DENIED`.
 *
 * @throws AuthError `PERMISSION_DENIED` unless `identity` is the agent `agent-<nodeName>`.
 */
export function requireNodeIdentity(identity: Identity, nodeName: string): void {
  if (identity.kind === 'agent' && identity.sub === agentIdentity(nodeName)) return;
  // The node name is request input: quoted and cut short so odd characters
  // stay visible and inert in messages and logs.
  throw new AuthError(
    'PERMISSION_DENIED',
    `${identity.sub} (${identity.kind}) may not act for node ${JSON.stringify(nodeName.slice(0, 64))}; ` +
      `only ${AGENT_IDENTITY_PREFIX}<node> may act for <node>`,
  );
}
