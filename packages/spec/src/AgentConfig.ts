import type { NodeRole, TlsServerConfig } from './configCommon.js';

/** `mcp-agent.toml`, with every default applied; durations in milliseconds. */
export interface AgentConfig {
  /** Internal DNS zone: internal names are `<component>.svc.mcp.<zone>`. */
  zone: string;
  agent: {
    /** This node's name (DNS label). */
    node: string;
    role: NodeRole;
    /** Default `/srv/mcp`; service data lives in `<dataDir>/<service>`. */
    dataDir: string;
    /** `host:port` the master dials to reach this agent. */
    advertiseAddress: string;
  };
  /** Default listen `0.0.0.0:9444`. */
  server: TlsServerConfig;
  auth: {
    /** PEM public key that verifies tokens; exactly one of this and `jwksUrl`. */
    publicKey?: string;
    /** https URL of a JWKS that verifies tokens. */
    jwksUrl?: string;
    /** Expected token issuer; default `mcp`. */
    issuer: string;
    /** Whether humans may call agent RPCs directly (`mcp --direct`); default false. */
    allowDirect: boolean;
  };
  /** Unset: the agent does not register and only answers direct calls. */
  master?: {
    /** `host:port` of the master. */
    address: string;
    /** File holding this agent's bearer token. */
    tokenFile: string;
  };
  runtime: {
    /** podman command or path; default `podman`. */
    podman: string;
    /** Arguments put before every podman command; default none. */
    globalArgs: string[];
    /** containers.conf for podman (CONTAINERS_CONF); default podman's own. */
    containersConf?: string;
    /** Address published container ports bind to; default `127.0.0.1`. */
    bindAddress: string;
    /** Host ports handed to routes; default 10000-60000. */
    portRange: { min: number; max: number };
    /** Grace period of `podman stop`; default 10 s. */
    stopTimeoutMs: number;
  };
  proxy: {
    driver: 'caddy';
    /** Caddy admin API socket; default `<dataDir>/caddy/admin.sock`. */
    adminSocket: string;
    /** `host:port` the proxy serves routes on; default `0.0.0.0:443`. */
    listen: string;
  };
  certificates: {
    /** Default `master` (the master's fleet CA). */
    provider: 'master' | 'acme';
    /** Set exactly when `provider` is `acme`. */
    acme?: {
      /** https URL of the ACME directory. */
      directory: string;
      /** PEM CA certificate to trust for the ACME server; default the system's. */
      caCert?: string;
      /** External account binding. */
      eab?: { kid: string; hmacKeyFile: string };
      email?: string;
      /** `host:port` of the HTTP-01 challenge listener; default `0.0.0.0:80`. */
      http01Listen: string;
    };
    /** Renew when this fraction of the lifetime is left; default 1/3. */
    renewFraction: number;
  };
  edge: {
    /** Public domains this (edge) node may serve; default none. */
    allowedDomains: string[];
    /** Backends must resolve inside these; default `100.64.0.0/10`. */
    allowedCidrs: string[];
    /** `host:port` of the fleet's DNS server that backend names are resolved with; default the system resolver. */
    dnsServer?: string;
  };
  monitor: {
    /** How often containers are checked; default 30 s. */
    intervalMs: number;
  };
  heartbeat: {
    /** Default 30 s. */
    intervalMs: number;
    /** First retry delay of registration; default 1 s. */
    backoffBaseMs: number;
    /** Longest retry delay; default 60 s. */
    backoffMaxMs: number;
  };
}
