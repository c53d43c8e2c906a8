import { AGENT_IDENTITY_PREFIX, MASTER_IDENTITY, nodeOfAgentIdentity } from '@mcp/names';
import { AuthError } from './AuthError.js';
import type { CallerKind, Identity } from './types.js';

const KINDS: ReadonlySet<string> = new Set<CallerKind>(['human', 'agent', 'master']);
// Human names: printable, no spaces or control characters, so they are safe in
// logs and messages; `alice`, `alice@example.com`, `ops.bob`.
const HUMAN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
// Reserved for service identities, compared case-insensitively so that
// `Agent-orion` cannot pass for an agent in a log line either.
const RESERVED_HUMAN_PREFIXES = [AGENT_IDENTITY_PREFIX, 'mcp-'];

/**
 * Checks that `sub` and `kind` agree: kind `agent` ⇔ `agent-<node name>`,
 * kind `master` ⇔ `mcp-master`; humans use neither `agent-` nor `mcp-`
 * (any case) and a plain name of at most 128 characters.
 *
 * @returns the identity, typed.
 * @throws AuthError `INCONSISTENT_IDENTITY` saying which rule failed.
 */
export function checkIdentity(sub: unknown, kind: unknown): Identity {
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    throw new AuthError('INCONSISTENT_IDENTITY', 'claim "kind" must be one of human, agent, master');
  }
  if (typeof sub !== 'string' || sub === '') {
    throw new AuthError('INCONSISTENT_IDENTITY', 'claim "sub" must be a non-empty string');
  }
  const callerKind = kind as CallerKind;
  switch (callerKind) {
    case 'agent':
      if (nodeOfAgentIdentity(sub) === undefined) {
        throw new AuthError(
          'INCONSISTENT_IDENTITY',
          'kind "agent" needs "sub" to be "agent-" followed by a node name (a lowercase DNS label)',
        );
      }
      break;
    case 'master':
      if (sub !== MASTER_IDENTITY) {
        throw new AuthError('INCONSISTENT_IDENTITY', `kind "master" needs "sub" to be "${MASTER_IDENTITY}"`);
      }
      break;
    case 'human': {
      const lower = sub.toLowerCase();
      if (RESERVED_HUMAN_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
        throw new AuthError(
          'INCONSISTENT_IDENTITY',
          'kind "human" may not use a "sub" starting with "agent-" or "mcp-" (reserved for agents and the master)',
        );
      }
      if (!HUMAN_NAME.test(sub)) {
        throw new AuthError(
          'INCONSISTENT_IDENTITY',
          'kind "human" needs "sub" of 1–128 characters from A-Z a-z 0-9 . _ @ + - (starting with a letter or digit)',
        );
      }
      break;
    }
  }
  return { sub, kind: callerKind };
}
