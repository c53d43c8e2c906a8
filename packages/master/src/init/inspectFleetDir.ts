import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FleetCa } from '../pki/index.js';
import { agentCertPaths, FLEET_FILES } from './fleetLayout.js';
import { InitError } from './InitError.js';
import type { ResolvedInitOptions } from './resolveInitOptions.js';
import { fleetTokens } from './tokenIdentities.js';

/** What a fleet directory already holds, checked to fit together. */
export interface ExistingFleet {
  /** The CA from `ca.pem` and `ca.key`, or undefined if neither exists. */
  readonly ca: FleetCa | undefined;
  /** `signing.key` (PEM), or undefined if it does not exist. */
  readonly signingKeyPem: string | undefined;
  /** Every path `initFleet` would create that already exists: these are kept. */
  readonly present: ReadonlySet<string>;
}

/**
 * Reads what `options.dir` already holds, changing nothing, and refuses a
 * state that more files cannot repair: half a pair (`ca.pem` without
 * `ca.key`, a certificate without its key, `signing.pub` without
 * `signing.key`), a key that is not its certificate's, a certificate not
 * issued by `ca.pem`, or tokens or certificates whose signer is missing.
 *
 * @throws InitError `INCOMPLETE_PAIR` or `INCONSISTENT_FILES`, naming the files.
 */
export async function inspectFleetDir(options: ResolvedInitOptions): Promise<ExistingFleet> {
  const { dir } = options;
  const present = new Set<string>();
  const read = async (path: string): Promise<string | undefined> => {
    const text = await readFile(path, 'utf8').catch(ignoreMissing);
    if (text !== undefined) present.add(path);
    return text;
  };
  const ca = await readPair(read, join(dir, FLEET_FILES.caCert), join(dir, FLEET_FILES.caKey));
  const fleetCa = ca === undefined ? undefined : await loadCa(ca);
  const keyPath = join(dir, FLEET_FILES.signingKey);
  const pubPath = join(dir, FLEET_FILES.signingPub);
  const signingKeyPem = await read(keyPath);
  const signingPubPem = await read(pubPath);
  if (signingKeyPem === undefined && signingPubPem !== undefined) throw halfPair(pubPath, keyPath);
  if (signingKeyPem !== undefined) checkSigningKey(signingKeyPem, signingPubPem, keyPath);

  const listeners = [
    { cert: join(dir, FLEET_FILES.masterCert), key: join(dir, FLEET_FILES.masterKey) },
    ...[...options.agentListeners.keys()].map((node) => agentCertPaths(dir, node)),
  ];
  for (const paths of listeners) {
    const pair = await readPair(read, paths.cert, paths.key);
    if (pair === undefined) continue;
    if (fleetCa === undefined) throw orphan(paths.cert, 'there is no CA');
    checkLeaf(pair, fleetCa, paths.cert);
  }
  for (const { path } of fleetTokens(options)) {
    if ((await stat(path).catch(ignoreMissing)) === undefined) continue;
    present.add(path);
    if (signingKeyPem === undefined) throw orphan(path, `there is no ${FLEET_FILES.signingKey}`);
  }
  return { ca: fleetCa, signingKeyPem, present };
}

type Pair = { cert: string; key: string; certPath: string; keyPath: string };

async function readPair(
  read: (path: string) => Promise<string | undefined>,
  certPath: string,
  keyPath: string,
): Promise<Pair | undefined> {
  const cert = await read(certPath);
  const key = await read(keyPath);
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined) throw halfPair(keyPath, certPath);
  if (key === undefined) throw halfPair(certPath, keyPath);
  return { cert, key, certPath, keyPath };
}

async function loadCa(pair: Pair): Promise<FleetCa> {
  try {
    return await FleetCa.load(pair.cert, pair.key);
  } catch (error) {
    throw inconsistent(`${pair.certPath} and ${pair.keyPath} are not a usable CA`, error);
  }
}

function checkSigningKey(keyPem: string, pubPem: string | undefined, keyPath: string): void {
  try {
    const key = createPrivateKey(keyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`key type ${key.asymmetricKeyType}`);
    const derived = createPublicKey(key).export({ type: 'spki', format: 'der' });
    if (
      pubPem !== undefined &&
      !derived.equals(createPublicKey(pubPem).export({ type: 'spki', format: 'der' }))
    ) {
      throw new Error(`${FLEET_FILES.signingPub} is not its public key`);
    }
  } catch (error) {
    throw inconsistent(`${keyPath} is not an Ed25519 private key matching ${FLEET_FILES.signingPub}`, error);
  }
}

function checkLeaf(pair: Pair, ca: FleetCa, certPath: string): void {
  let issued: boolean;
  let keyMatches: boolean;
  try {
    const leaf = new X509Certificate(pair.cert);
    const caCert = new X509Certificate(ca.certPem);
    issued = leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey);
    keyMatches = leaf.checkPrivateKey(createPrivateKey(pair.key));
  } catch (error) {
    throw inconsistent(`${certPath} or its key cannot be read`, error);
  }
  if (!issued) throw inconsistent(`${certPath} was not issued by ${FLEET_FILES.caCert}`);
  if (!keyMatches) throw inconsistent(`${pair.keyPath} is not the key of ${certPath}`);
}

function halfPair(existing: string, missing: string): InitError {
  return new InitError(
    'INCOMPLETE_PAIR',
    `${existing} exists but ${missing} does not: restore ${missing}, or remove ${existing} to make a new pair (nothing was changed)`,
  );
}

function orphan(path: string, why: string): InitError {
  return inconsistent(`${path} exists but ${why} to vouch for it; remove it or restore the signer`);
}

function inconsistent(message: string, cause?: unknown): InitError {
  return new InitError('INCONSISTENT_FILES', `${message} (nothing was changed)`, { cause });
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}
