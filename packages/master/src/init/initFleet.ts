import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { generateSigningKeyPair, mintToken } from '@mcp/auth';
import { createFleetCa, FleetCa, issueServerCertificate, type CertificateAndKey } from '../pki/index.js';
import { agentCertPaths, AGENTS_DIR, FLEET_FILES, TOKENS_DIR } from './fleetLayout.js';
import { inspectFleetDir } from './inspectFleetDir.js';
import { makePrivateDir } from './makePrivateDir.js';
import { resolveInitOptions, type InitFleetOptions, type ListenerNames } from './resolveInitOptions.js';
import { fleetTokens } from './tokenIdentities.js';
import { CONFIG_DIR, starterConfigs } from './starterConfigs.js';
import { writeNewFile } from './writeNewFile.js';

/** What happened to one file: made now, or already there and left alone. */
export type FileStatus = 'created' | 'kept';

/** One file of the fleet directory. */
export interface InitFileResult {
  /** `dir` joined with the file's place in the layout (see `FLEET_FILES`). */
  readonly path: string;
  readonly status: FileStatus;
}

/** What `initFleet` did, file by file, in the order of the layout. */
export interface InitSummary {
  readonly files: readonly InitFileResult[];
  /**
   * Per starter config (`master`, then each agent with a certificate): the
   * config, and every file it names, which its node needs at that path.
   */
  readonly starters: readonly {
    readonly for: string;
    readonly config: string;
    readonly needs: readonly string[];
  }[];
}

const PUBLIC = 0o644;
const SECRET = 0o600;

/**
 * Creates what a new fleet needs in `options.dir`: the fleet CA
 * (`ca.pem`, `ca.key`), the token signing key pair (`signing.key`,
 * `signing.pub`), the master's TLS certificate (`master.pem`,
 * `master.key`), agents' TLS certificates (`agents/<node>.pem`, `.key`,
 * naming the node as `<node>.node.mcp.<zone>` beside its addresses) for
 * nodes given addresses, and tokens (see `fleetTokens`): each operator's and
 * each agent's for the master, and each operator's direct-mode token per
 * agent. Secrets are 0600, public files 0644, new directories 0700.
 *
 * Idempotent and never destructive: an existing file is kept byte for byte
 * and only missing files are made. Everything is checked before anything
 * is written, so a refused run changes nothing.
 *
 * @throws InitError `INVALID_OPTION` for bad options; `INCOMPLETE_PAIR` for
 *   half a pair on disk (`ca.pem` without `ca.key`, …); `INCONSISTENT_FILES`
 *   for existing files that do not fit together; the file system's error.
 */
export async function initFleet(options: InitFleetOptions): Promise<InitSummary> {
  const resolved = resolveInitOptions(options);
  const { dir, now } = resolved;
  const existing = await inspectFleetDir(resolved);
  const starters = starterConfigs(resolved);
  const startersPresent = new Set(
    (await Promise.all(starters.map(async (s) => ((await exists(s.path)) ? s.path : '')))).filter(Boolean),
  );
  await makePrivateDir(dir);
  await makePrivateDir(join(dir, TOKENS_DIR));
  if (resolved.agentListeners.size > 0) await makePrivateDir(join(dir, AGENTS_DIR));

  const files: InitFileResult[] = [];
  const keep = (...paths: string[]): void => {
    for (const path of paths) files.push({ path, status: 'kept' });
  };
  const create = async (path: string, content: string, mode: number): Promise<void> => {
    await writeNewFile(path, content, mode);
    files.push({ path, status: 'created' });
  };
  // Key first: a crash in between leaves a key without a certificate, which
  // the next run refuses instead of pairing the certificate with a new key.
  // Reported certificate first, as kept pairs are.
  const createPair = async (paths: { cert: string; key: string }, material: CertificateAndKey) => {
    await writeNewFile(paths.key, material.keyPem, SECRET);
    await writeNewFile(paths.cert, material.certPem, PUBLIC);
    files.push({ path: paths.cert, status: 'created' }, { path: paths.key, status: 'created' });
  };

  const caCertPath = join(dir, FLEET_FILES.caCert);
  const caKeyPath = join(dir, FLEET_FILES.caKey);
  let ca = existing.ca;
  if (ca === undefined) {
    const material = await createFleetCa({ now });
    await createPair({ cert: caCertPath, key: caKeyPath }, material);
    ca = await FleetCa.load(material.certPem, material.keyPem);
  } else {
    keep(caCertPath, caKeyPath);
  }

  const signingKeyPath = join(dir, FLEET_FILES.signingKey);
  const signingPubPath = join(dir, FLEET_FILES.signingPub);
  let signingKeyPem = existing.signingKeyPem;
  if (signingKeyPem === undefined) {
    const pair = generateSigningKeyPair();
    signingKeyPem = pair.privateKeyPem;
    await create(signingKeyPath, pair.privateKeyPem, SECRET);
    await create(signingPubPath, pair.publicKeyPem, PUBLIC);
  } else {
    keep(signingKeyPath);
    if (existing.present.has(signingPubPath)) keep(signingPubPath);
    else await create(signingPubPath, publicKeyPemOf(signingKeyPem), PUBLIC);
  }

  const listeners: [{ cert: string; key: string }, ListenerNames][] = [
    [{ cert: join(dir, FLEET_FILES.masterCert), key: join(dir, FLEET_FILES.masterKey) }, resolved.master],
    ...[...resolved.agentListeners].map(([node, names]): [{ cert: string; key: string }, ListenerNames] => [
      agentCertPaths(dir, node),
      names,
    ]),
  ];
  for (const [paths, names] of listeners) {
    if (existing.present.has(paths.cert)) {
      keep(paths.cert, paths.key);
      continue;
    }
    await createPair(
      paths,
      await issueServerCertificate(ca, { ...names, lifetimeDays: resolved.serverCertDays, now }),
    );
  }

  for (const { sub, kind, audience, path } of fleetTokens(resolved)) {
    if (existing.present.has(path)) {
      keep(path);
      continue;
    }
    await makePrivateDir(dirname(path));
    const issuer = resolved.issuer === undefined ? {} : { issuer: resolved.issuer };
    const token = await mintToken(signingKeyPem, {
      sub,
      kind,
      audience,
      ttl: resolved.tokenTtlSeconds,
      now,
      ...issuer,
    });
    await create(path, `${token}\n`, SECRET);
  }

  // Written once: a kept config may be edited by now (a later agent goes
  // into allowed_agents by hand).
  await makePrivateDir(join(dir, CONFIG_DIR));
  for (const starter of starters) {
    if (startersPresent.has(starter.path)) keep(starter.path);
    else await create(starter.path, starter.content, PUBLIC);
  }
  return {
    files,
    starters: starters.map((s) => ({
      for: s.for,
      config: s.path,
      needs: [s.path, ...namedFiles(s.content)],
    })),
  };
}

/** The paths a config's lines name (every quoted absolute path). */
function namedFiles(toml: string): string[] {
  return [...new Set([...toml.matchAll(/^\w+ = "(\/[^"]+)"$/gm)].map((m) => m[1]!))];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}
