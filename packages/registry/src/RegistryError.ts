/** Every way the registry refuses a registration, a bootstrap entry or its options. */
export type RegistryErrorCode =
  /** The caller is not `agent-<name>` for the node it names. */
  | 'IDENTITY_MISMATCH'
  /** The identity is not on the registration allowlist. */
  | 'NOT_ALLOWLISTED'
  /** A new node would take the registry past `maxNodes`. */
  | 'REGISTRY_FULL'
  | 'INVALID_NAME'
  | 'INVALID_ROLE'
  | 'INVALID_ARCH'
  | 'INVALID_ADDRESS'
  | 'INVALID_VERSION'
  /** A proxy port that is not 1–65535 (0 means none). */
  | 'INVALID_PROXY_PORT'
  /** Re-registration with another role, while `allowRoleChange` is off. */
  | 'ROLE_CHANGED'
  /** A second node claims the `master` role. */
  | 'ROLE_CONFLICT'
  /** Another node is known at the address the registration names. */
  | 'ADDRESS_IN_USE'
  /** The same node name twice in one list of bootstrap nodes or records. */
  | 'DUPLICATE_NODE'
  /** The node is not in the registry (`touch`). */
  | 'UNKNOWN_NODE'
  /** A `NodeRegistry` option is out of range. */
  | 'INVALID_OPTION';

/**
 * A refusal: `code` for programs; `message` names the field and the reason,
 * e.g. `address: must be host:port, got "foo"`, and is safe to return to the
 * agent as an `INVALID_ARGUMENT` (or `PERMISSION_DENIED`, …) detail.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    /** The request field the refusal is about (`name`, `address`, …), when there is one. */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
