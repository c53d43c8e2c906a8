import { checkNodeFields } from './checkNodeFields.js';
import { quote } from './quote.js';
import { RegistryError } from './RegistryError.js';
import type { NodeRegistration, RegistrationRequest } from './types.js';

// Semantic versioning 2.0 (a leading "v" is tolerated, as `git describe` prints one).
const SEMVER =
  /^v?(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Checks the fields of a registration on their own (no identity, allowlist or
 * capacity rules: `NodeRegistry.register` adds those), in the order name,
 * role, address, arch, agentVersion, proxyPort. `agentVersion` must be a semantic
 * version such as `1.4.0` or `0.5.0-rc.1`, at most 64 characters.
 *
 * @throws RegistryError `INVALID_NAME`, `INVALID_ROLE`, `INVALID_ADDRESS`,
 *   `INVALID_ARCH`, `INVALID_VERSION` or `INVALID_PROXY_PORT` for the first field that is wrong; the
 *   message names the field, the rule and the value.
 */
export function validateRegistration(request: RegistrationRequest): NodeRegistration {
  const fields = checkNodeFields(request);
  const { agentVersion } = request;
  if (typeof agentVersion !== 'string' || agentVersion.length > 64 || !SEMVER.test(agentVersion)) {
    throw new RegistryError(
      'INVALID_VERSION',
      `agentVersion: must be a semantic version such as 1.4.0, got ${quote(agentVersion)}`,
      'agentVersion',
    );
  }
  const { proxyPort } = request;
  if (
    proxyPort !== undefined &&
    proxyPort !== 0 &&
    (!Number.isInteger(proxyPort) || proxyPort < 1 || proxyPort > 65535)
  ) {
    throw new RegistryError(
      'INVALID_PROXY_PORT',
      `proxyPort: must be a port from 1 to 65535 (or 0 for none), got ${quote(proxyPort)}`,
      'proxyPort',
    );
  }
  return { ...fields, agentVersion, proxyPort: proxyPort || undefined };
}
