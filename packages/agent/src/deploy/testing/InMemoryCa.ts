import { X509Certificate, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { CertificateProvider } from '../../certs/CertificateProvider.js';
import { bitString, commonName, csrPublicKeyInfo, integer, oid, pem, sequence, time, tlv } from './der.js';
import { Faults } from './Faults.js';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const SUBJECT_ALT_NAME = '2.5.29.17';

/** How the fake CA signs. */
export interface InMemoryCaOptions {
  /** Start of each certificate's validity. Default `() => new Date()`. */
  now?: () => Date;
  /** Lifetime of each certificate. Default 12 hours (Caddy's ACME CA's). */
  lifetimeMs?: number;
}

/**
 * {@link CertificateProvider} that signs in memory: a real X.509 leaf for
 * the CSR's key and exactly the hostnames asked for, valid from `now` for
 * `lifetimeMs`, so CertificateManager can read, record and renew it. It
 * checks nothing (the policy is the master's business). `faults.fail('issue')`
 * makes it refuse, as an unreachable CA does.
 */
export class InMemoryCa implements CertificateProvider {
  readonly name = 'in-memory';
  readonly faults = new Faults<'issue'>(
    (_, hostnames) => new Error(`connect ECONNREFUSED 127.0.0.1:1 (issuing ${hostnames}: injected failure)`),
  );
  /** The hostnames of every certificate issued, in order. */
  readonly issued: string[][] = [];
  private readonly key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  private readonly now: () => Date;
  private readonly lifetimeMs: number;

  constructor(options: InMemoryCaOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.lifetimeMs = options.lifetimeMs ?? 12 * 3_600_000;
  }

  issue(csrPem: string, hostnames: string[]): Promise<string> {
    return new Promise((resolve) => resolve(this.sign(csrPem, hostnames)));
  }

  private sign(csrPem: string, hostnames: string[]): string {
    this.faults.enter('issue', hostnames.join(','));
    const notBefore = this.now();
    const algorithm = sequence(oid(ECDSA_WITH_SHA256));
    const names = sequence(...hostnames.map((h) => tlv(0x82, Buffer.from(h))));
    const tbs = sequence(
      tlv(0xa0, integer('02')),
      integer(`7${randomBytes(15).toString('hex')}`),
      algorithm,
      commonName('MCP in-memory test CA'),
      sequence(time(notBefore), time(new Date(notBefore.getTime() + this.lifetimeMs))),
      commonName(hostnames[0] ?? ''),
      csrPublicKeyInfo(csrPem),
      tlv(0xa3, sequence(sequence(oid(SUBJECT_ALT_NAME), tlv(0x04, names)))),
    );
    const certPem = pem('CERTIFICATE', sequence(tbs, algorithm, bitString(sign('sha256', tbs, this.key))));
    new X509Certificate(certPem); // fails here, not in the code under test, if the DER is wrong
    this.issued.push([...hostnames]);
    return certPem;
  }
}
