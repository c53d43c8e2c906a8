// Agent-side CSRs for tests, made the way an agent would: a fresh key, a
// PKCS#10 request signed with it.
import { KeyObject } from 'node:crypto';
import { webcrypto, x509, type X509 } from '../x509.js';

export interface CsrOptions {
  readonly commonName?: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly emails?: readonly string[];
  /** Extra extensions to ask for (the CA must ignore them). */
  readonly extensions?: readonly X509.Extension[];
  /** Default ECDSA P-256. */
  readonly keyAlgorithm?: 'P-256' | 'P-521' | 'Ed25519';
}

export interface TestCsr {
  readonly csrPem: string;
  /** PKCS#8 PEM of the CSR's key, for a TLS server using the issued certificate. */
  readonly keyPem: string;
}

export async function makeCsr(options: CsrOptions = {}): Promise<TestCsr> {
  const ed = options.keyAlgorithm === 'Ed25519';
  const algorithm = ed ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: options.keyAlgorithm ?? 'P-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const sans: X509.JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(options.emails ?? []).map((value) => ({ type: 'email' as const, value })),
  ];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    ...(options.commonName === undefined ? {} : { name: [{ CN: [options.commonName] }] }),
    keys,
    signingAlgorithm: ed ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      ...(sans.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(sans)]),
      ...(options.extensions ?? []),
    ],
  });
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { csrPem: csr.toString('pem'), keyPem };
}

/** `csrPem` with the first occurrence of `from` in its DER replaced by `to` (same length), signature untouched. */
export function tamperCsr(csrPem: string, from: string, to: string): string {
  const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const at = der.indexOf(from);
  if (at < 0 || from.length !== to.length) throw new Error(`cannot tamper: ${from} not found`);
  der.write(to, at, 'latin1');
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
}
