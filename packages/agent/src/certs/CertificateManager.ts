import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as acme from 'acme-client';
import type { AgentStore, CertificateRecord } from '../store/AgentStore.js';
import { CertificateError } from './CertificateError.js';
import type { CertificateProvider } from './CertificateProvider.js';
import { writeSecretFile } from '@mcp/auth';

/** A certificate ready to hand to the proxy. */
export interface LoadedCertificate {
  record: CertificateRecord;
  certPem: string;
  keyPem: string;
  /** True when this call issued it (first time or renewal). */
  issued: boolean;
}

export interface CertificateManagerOptions {
  store: AgentStore;
  provider: CertificateProvider;
  /** Directory for `<hostname>.crt` and `<hostname>.key` (0600). */
  dir: string;
  /** Renew when less than this fraction of the lifetime is left. Default 1/3. */
  renewFraction?: number;
  /** Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * Keeps one certificate per internal hostname set: issues it when missing,
 * renews it once a third of its lifetime is left, and records serial and
 * expiry in the agent's store. Keys are made here and never leave the node.
 */
export class CertificateManager {
  private readonly renewFraction: number;
  private readonly now: () => Date;

  constructor(private readonly options: CertificateManagerOptions) {
    this.renewFraction = options.renewFraction ?? 1 / 3;
    this.now = options.now ?? (() => new Date());
  }

  get providerName(): string {
    return this.options.provider.name;
  }

  /**
   * The certificate for `hostnames` (the first names the files), issuing or
   * renewing as needed.
   * @throws CertificateError when a needed certificate cannot be issued.
   */
  async ensure(service: string, hostnames: string[]): Promise<LoadedCertificate> {
    const primary = hostnames[0]!;
    const existing = this.options.store.getCertificate(primary);
    if (existing && !this.dueForRenewal(existing)) {
      const loaded = await this.load(existing).catch(() => undefined);
      if (loaded && sameNames(loaded.certPem, hostnames)) return { ...loaded, issued: false };
    }
    return this.issue(service, hostnames);
  }

  /** Whether less than the renewal fraction of the lifetime is left. */
  dueForRenewal(record: CertificateRecord): boolean {
    const start = Date.parse(record.notBefore);
    const end = Date.parse(record.notAfter);
    return end - this.now().getTime() < (end - start) * this.renewFraction;
  }

  async load(record: CertificateRecord): Promise<Omit<LoadedCertificate, 'issued'>> {
    const [certPem, keyPem] = await Promise.all([
      readFile(record.certPath, 'utf8'),
      readFile(record.keyPath, 'utf8'),
    ]);
    return { record, certPem, keyPem };
  }

  /** Deletes the files and the record; no error if absent. */
  async remove(hostname: string): Promise<void> {
    const record = this.options.store.getCertificate(hostname);
    if (!record) return;
    await Promise.all([rm(record.certPath, { force: true }), rm(record.keyPath, { force: true })]);
    this.options.store.deleteCertificate(hostname);
  }

  private async issue(service: string, hostnames: string[]): Promise<LoadedCertificate> {
    const primary = hostnames[0]!;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const [, csr] = await acme.crypto.createCsr({ commonName: primary, altNames: hostnames }, keyPem);
    let chainPem: string;
    try {
      chainPem = await this.options.provider.issue(csr.toString(), hostnames);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CertificateError(
        'NOT_ISSUED',
        `certificate for ${hostnames.join(', ')} (${this.providerName}): ${reason}`,
        {
          cause: error,
        },
      );
    }
    const leaf = new X509Certificate(chainPem);
    const record: CertificateRecord = {
      hostname: primary,
      service,
      serial: leaf.serialNumber,
      notBefore: new Date(leaf.validFrom).toISOString(),
      notAfter: new Date(leaf.validTo).toISOString(),
      certPath: join(this.options.dir, `${primary}.crt`),
      keyPath: join(this.options.dir, `${primary}.key`),
    };
    await writeSecretFile(record.keyPath, keyPem);
    await writeFile(record.certPath, chainPem, { mode: 0o644 });
    this.options.store.putCertificate(record);
    return { record, certPem: chainPem, keyPem, issued: true };
  }
}

function sameNames(certPem: string, hostnames: string[]): boolean {
  const names = new X509Certificate(certPem).subjectAltName ?? '';
  const have = new Set(names.split(', ').map((n) => n.replace(/^DNS:/, '')));
  return hostnames.every((h) => have.has(h));
}
