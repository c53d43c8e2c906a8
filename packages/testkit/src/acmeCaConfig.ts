/**
 * Caddy config for a private ACME CA: admin on `adminSocket`, `acme_server` (CA 'local') on
 * https://<host>:<port>/acme/local/, whose own TLS certificate comes from the same local CA,
 * and that CA never installed into the system trust store.
 */
export function acmeCaConfig(adminSocket: string, host: string, port: number): Record<string, unknown> {
  const names = [...new Set([host, 'localhost'])];
  return {
    admin: { listen: `unix/${adminSocket}` },
    apps: {
      http: {
        servers: {
          acme: {
            listen: [host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`],
            routes: [{ handle: [{ handler: 'acme_server', ca: 'local' }] }],
            // TLS for the directory itself, with a certificate from the same local CA.
            tls_connection_policies: [{}],
            automatic_https: { disable: true },
            protocols: ['h1', 'h2'],
          },
        },
      },
      tls: {
        certificates: { automate: names },
        automation: { policies: [{ subjects: names, issuers: [{ module: 'internal', ca: 'local' }] }] },
      },
      pki: { certificate_authorities: { local: { install_trust: false } } },
    },
  };
}
