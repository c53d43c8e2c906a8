// Throwaway X.509 material for tests, made with the openssl CLI (Node has no
// certificate generator). Files live in a temp dir that is removed at once;
// nothing is printed (stdio is piped, not inherited).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCert {
  readonly cert: string;
  readonly key: string;
}

export interface TestPki {
  /** The fleet CA. */
  readonly ca: KeyAndCert;
  /** Signed by `ca`, for `localhost` and 127.0.0.1. */
  readonly server: KeyAndCert;
  /** Signed by `ca`, for mutual TLS. */
  readonly client: KeyAndCert;
  /** An unrelated CA, same shape. */
  readonly otherCa: KeyAndCert;
  /** Signed by `otherCa`, for `localhost` and 127.0.0.1. */
  readonly otherServer: KeyAndCert;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): KeyAndCert {
  openssl(dir, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  return read(dir, name);
}

function makeLeaf(dir: string, name: string, ca: string, usage: string): KeyAndCert {
  writeFileSync(
    join(dir, `${name}.ext`),
    `subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n` +
      `keyUsage=critical,digitalSignature\nextendedKeyUsage=${usage}\n`,
  );
  openssl(dir, [
    'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`,
  ]); // prettier-ignore
  openssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`,
  ]); // prettier-ignore
  return read(dir, name);
}

function read(dir: string, name: string): KeyAndCert {
  return {
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
  };
}

/** A fresh CA, server and client certificates, and an unrelated CA. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-pki-'));
  try {
    return {
      ca: makeCa(dir, 'ca'),
      server: makeLeaf(dir, 'server', 'ca', 'serverAuth'),
      client: makeLeaf(dir, 'client', 'ca', 'clientAuth'),
      otherCa: makeCa(dir, 'other-ca'),
      otherServer: makeLeaf(dir, 'other-server', 'other-ca', 'serverAuth'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
