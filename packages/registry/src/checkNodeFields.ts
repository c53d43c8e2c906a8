import { NODE_ARCHES, NODE_ROLES, isDnsLabel, isNodeArch, isNodeRole } from '@mcp/names';
import { parseAddress } from './parseAddress.js';
import { quote } from './quote.js';
import { RegistryError } from './RegistryError.js';
import type { NodeArch, NodeRole } from './types.js';

/** The fields every node entry has, checked. */
export interface NodeFields {
  readonly name: string;
  readonly role: NodeRole;
  readonly address: string;
  readonly arch: NodeArch;
}

/**
 * Checks name, role, address and arch, in that order.
 *
 * @throws RegistryError `INVALID_NAME`, `INVALID_ROLE`, `INVALID_ADDRESS` or
 *   `INVALID_ARCH` for the first field that is wrong.
 */
export function checkNodeFields(input: {
  readonly name: unknown;
  readonly role: unknown;
  readonly address: unknown;
  readonly arch: unknown;
}): NodeFields {
  const { name, role, address, arch } = input;
  if (!isDnsLabel(name)) {
    throw new RegistryError(
      'INVALID_NAME',
      `name: must be a DNS label (1 to 63 of a-z, 0-9 and "-", not starting or ending with "-"), got ${quote(name)}`,
      'name',
    );
  }
  if (!isNodeRole(role)) {
    throw new RegistryError(
      'INVALID_ROLE',
      `role: must be one of ${NODE_ROLES.join(', ')}, got ${quote(role)}`,
      'role',
    );
  }
  parseAddress(address as string);
  if (!isNodeArch(arch)) {
    throw new RegistryError(
      'INVALID_ARCH',
      `arch: must be one of ${NODE_ARCHES.join(', ')}, got ${quote(arch)}`,
      'arch',
    );
  }
  return { name, role, address: address as string, arch };
}
