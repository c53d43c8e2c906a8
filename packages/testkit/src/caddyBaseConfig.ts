export interface CaddyBaseConfigOptions {
  /** Absolute path of the admin API's unix socket. */
  adminSocket: string;
  /** Addresses the HTTPS server listens on, e.g. ['127.0.0.1:8443']. */
  listen: readonly string[];
  /** Name of that server under apps.http.servers. Default 'mcp'. */
  serverName?: string;
}

/**
 * The configuration a node's Caddy starts from: admin on a unix socket, one HTTPS server with
 * no routes, automatic HTTPS off, HTTP/1.1 and HTTP/2 only (no HTTP/3 UDP listener), TLS 1.3
 * at least, an empty `load_pem` list to append certificates to, and the local CA told never to
 * install its root into the system trust store.
 */
export function caddyBaseConfig(options: CaddyBaseConfigOptions): Record<string, unknown> {
  const { adminSocket, listen, serverName = 'mcp' } = options;
  return {
    admin: { listen: `unix/${adminSocket}` },
    apps: {
      http: {
        servers: {
          [serverName]: {
            listen: [...listen],
            routes: [],
            automatic_https: { disable: true },
            protocols: ['h1', 'h2'],
            tls_connection_policies: [{ protocol_min: 'tls1.3' }],
          },
        },
      },
      tls: { certificates: { load_pem: [] } },
      pki: { certificate_authorities: { local: { install_trust: false } } },
    },
  };
}
