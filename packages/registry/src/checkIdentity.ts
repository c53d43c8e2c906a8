import { nodeOfAgentIdentity } from '@mcp/names';
import { quote } from './quote.js';
import { RegistryError } from './RegistryError.js';

/**
 * Checks that `identity` may register node `name`: it must be exactly
 * `agent-<name>` and on the allowlist.
 *
 * @throws RegistryError `IDENTITY_MISMATCH` or `NOT_ALLOWLISTED`.
 */
export function checkIdentity(identity: string, name: unknown, allowlist: ReadonlySet<string>): void {
  const owned = nodeOfAgentIdentity(identity);
  if (owned === undefined) {
    throw new RegistryError(
      'IDENTITY_MISMATCH',
      `identity: ${quote(identity)} is not an agent identity (agent-<node name>), so it may not register a node`,
      'identity',
    );
  }
  if (name !== owned) {
    throw new RegistryError(
      'IDENTITY_MISMATCH',
      `name: identity ${quote(identity)} may only register node ${quote(owned)}, got ${quote(name)}`,
      'name',
    );
  }
  if (!allowlist.has(identity)) {
    throw new RegistryError(
      'NOT_ALLOWLISTED',
      `identity: ${quote(identity)} is not on the registration allowlist`,
      'identity',
    );
  }
}
