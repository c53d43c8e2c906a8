import type { NodeArch, NodeRole } from '@mcp/names';

export type { NodeArch, NodeRole };

/** A `Register` call as it arrives: plain strings, not yet checked. */
export interface RegistrationRequest {
  readonly name: string;
  readonly role: string;
  /** `host:port` the master dials the agent on. */
  readonly address: string;
  readonly arch: string;
  /** The agent's semantic version, e.g. `0.4.1`. */
  readonly agentVersion: string;
  /** The port the node's proxy serves routes on; 0 or unset: none reported. */
  readonly proxyPort?: number;
}

/** A registration that passed `validateRegistration`. */
export interface NodeRegistration {
  readonly name: string;
  readonly role: NodeRole;
  readonly address: string;
  readonly arch: NodeArch;
  readonly agentVersion: string;
  /** Where the node's proxy serves routes, as the node reported it. */
  readonly proxyPort: number | undefined;
}

/** A node declared in the master's config; known without registering. */
export interface BootstrapNode {
  readonly name: string;
  readonly role: string;
  readonly address: string;
  readonly arch: string;
}

/** One node in the registry. Records are frozen; every change makes a new one. */
export interface NodeRecord {
  readonly name: string;
  readonly role: NodeRole;
  readonly address: string;
  readonly arch: NodeArch;
  /** Undefined for a bootstrap node whose agent has not registered yet. */
  readonly agentVersion: string | undefined;
  /** Where the node's proxy serves routes, as it reported at registration; undefined until then. */
  readonly proxyPort?: number | undefined;
  /** When the agent last registered (ms); undefined if it never has. */
  readonly registeredAt: number | undefined;
  /** Last registration or heartbeat (ms); undefined if never heard from. */
  readonly lastSeenAt: number | undefined;
  /** Whether the node is declared in the master's config. */
  readonly bootstrap: boolean;
}

/** What a registration did. */
export interface RegistrationResult {
  /** The node's record as now stored. */
  readonly node: NodeRecord;
  /** True for a new node; false when an existing entry was updated. */
  readonly created: boolean;
  /** The record this one replaced, if any. */
  readonly previous: NodeRecord | undefined;
  /** The old address, only when a re-registration changed it (log it: ARCHITECTURE.md, security model). */
  readonly previousAddress: string | undefined;
  /** Human-readable notes on what a re-registration changed (address, role, arch). */
  readonly warnings: readonly string[];
}
