import type { Arch } from './commonFields.js';
import type { NodeRole, TlsServerConfig } from './configCommon.js';
import type { SshTarget } from './parseSshTarget.js';

/** At most `count` calls per `periodMs`, per identity. */
export interface RateLimit {
  count: number;
  periodMs: number;
}

/** A `[[nodes]]` entry of the master config: a node known before it registers. */
export interface BootstrapNode {
  name: string;
  role: NodeRole;
  /** `host:port` of the node's agent. */
  address: string;
  /** Default `amd64`. */
  arch: Arch;
  /** How `mcp agent upgrade` reaches the node; unset means not by SSH. */
  ssh?: SshTarget;
}

/** `mcp-master.toml`, with every default applied; durations in milliseconds. */
export interface MasterConfig {
  /** The master's own node name (its agent's `agent.node`). */
  node: string;
  /** Internal DNS zone: internal names are `<component>.svc.mcp.<zone>`. */
  zone: string;
  /** Default listen `0.0.0.0:9443`. */
  server: TlsServerConfig;
  database: {
    /** SQLite file; default `/srv/mcp/master.db`. */
    path: string;
  };
  auth: {
    /** PEM Ed25519 private key that signs tokens. */
    signingKey: string;
    /** PEM public key of `signingKey`, as handed to agents. */
    publicKey: string;
    /** Issuer of the tokens; default `mcp`. */
    issuer: string;
  };
  ca: {
    /** PEM fleet CA certificate. */
    cert: string;
    /** PEM private key of the fleet CA. */
    key: string;
    /** Lifetime of issued certificates; default 2160 h (90 days). */
    certLifetimeMs: number;
  };
  registration: {
    /** Identities (`agent-<node>`) that may register; default none. */
    allowedAgents: string[];
    /** Default 16. */
    maxNodes: number;
  };
  heartbeat: {
    /** Expected heartbeat interval; default 30 s. */
    intervalMs: number;
    /** Silence after which the node is probed; default 90 s. */
    thresholdMs: number;
    /** Default 5 s; a failed probe marks the node unhealthy. */
    probeTimeoutMs: number;
    /** After the master starts, no node is marked unhealthy for this long; default 120 s. */
    warmupMs: number;
  };
  rateLimits: {
    /** Default 1 per minute. */
    register: RateLimit;
    /** Default 1 per 10 s. */
    heartbeat: RateLimit;
  };
  timeouts: {
    /** Default 5 min. */
    deployMs: number;
    /** Default 30 s. */
    edgeRouteMs: number;
    /** Default 5 s. */
    healthCheckMs: number;
    /** Default 2 min. */
    undeployMs: number;
    /** Default 5 s. */
    statusMs: number;
  };
  dns: {
    /** Default `none`: no DNS records are managed. */
    provider: 'none' | 'rfc2136';
    /** Set exactly when `provider` is `rfc2136`. */
    rfc2136?: {
      /** `host:port` of the primary server. */
      server: string;
      tsigKeyName: string;
      /** Default `hmac-sha256`. */
      tsigAlgorithm: TsigAlgorithm;
      /** File holding the base64 TSIG secret. */
      tsigSecretFile: string;
    };
    /** TTL of the records; default 60. */
    ttl: number;
  };
  edge: {
    /** Public domains routes may use (label match); default none. */
    allowedDomains: string[];
    /**
     * Where the master looks up a public name after setting up its route, to
     * warn when it does not point at the edge: `'system'` (default: the
     * system resolver), `'off'`, or a resolver's `host:port`.
     */
    publicResolver: string;
  };
  placement: {
    /** Whether worker-tier services may run on the master node; default true. */
    masterTakesWorkers: boolean;
  };
  /** Nodes known before they register; default none. */
  nodes: BootstrapNode[];
}

/** TSIG algorithms for RFC 2136 updates. */
export type TsigAlgorithm = 'hmac-sha1' | 'hmac-sha224' | 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512';
