import { join } from 'node:path';

/** Where `initFleet` puts each file of a fleet, relative to its directory. */
export const FLEET_FILES = {
  /** The fleet CA certificate (0644): every peer trusts it. */
  caCert: 'ca.pem',
  /** The fleet CA private key (0600). */
  caKey: 'ca.key',
  /** The Ed25519 token signing key, PKCS#8 PEM (0600). */
  signingKey: 'signing.key',
  /** Its public key, SPKI PEM (0644): what agents verify tokens with. */
  signingPub: 'signing.pub',
  /** The master's TLS certificate chain (0644). */
  masterCert: 'master.pem',
  /** The master's TLS private key (0600). */
  masterKey: 'master.key',
} as const;

/** Directory of the bearer tokens, one `<identity>.token` file each (0600). */
export const TOKENS_DIR = 'tokens';

/** Directory of the agents' TLS certificates, `<node>.pem` and `<node>.key`. */
export const AGENTS_DIR = 'agents';

/** Path of the token file of `identity` (`mcp-master`, `alice`, `agent-orion`). */
export function tokenPath(dir: string, identity: string): string {
  return join(dir, TOKENS_DIR, `${identity}.token`);
}

/** Path of `operator`'s direct-mode token for `node`'s agent (`mcp --direct -n <node>`). */
export function directTokenPath(dir: string, operator: string, node: string): string {
  return join(dir, TOKENS_DIR, 'direct', operator, `${node}.token`);
}

/** Paths of an agent's TLS certificate chain and key. */
export function agentCertPaths(dir: string, node: string): { cert: string; key: string } {
  return { cert: join(dir, AGENTS_DIR, `${node}.pem`), key: join(dir, AGENTS_DIR, `${node}.key`) };
}
