import { certificateSubject } from './certificateSubject.js';
import { EC_SIGNING_ALGORITHM, x509, type webcrypto, type X509 } from './x509.js';

/** What goes on a leaf certificate. The caller has already checked every name. */
export interface LeafRequest {
  /** The subject's public key. */
  readonly publicKey: X509.PublicKey | webcrypto.CryptoKey;
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  /** Extended key usage OIDs. */
  readonly extendedKeyUsages: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Hex serial number. */
  readonly serialNumber: string;
}

/** The CA's side of signing: its certificate and private key. */
export interface LeafIssuer {
  readonly cert: X509.X509Certificate;
  readonly key: webcrypto.CryptoKey;
}

/**
 * Signs a leaf certificate with MCP's fixed extensions, never copied from a
 * request: basicConstraints `CA:FALSE` and keyUsage `digitalSignature`
 * (both critical), the given extended key usages, subjectAltName, and
 * subject and authority key identifiers.
 */
export async function signLeaf(issuer: LeafIssuer, request: LeafRequest): Promise<X509.X509Certificate> {
  const sans: X509.JsonGeneralName[] = [
    ...request.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...request.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  return x509.X509CertificateGenerator.create({
    serialNumber: request.serialNumber,
    subject: certificateSubject(request.commonName),
    issuer: issuer.cert.subjectName,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey: request.publicKey,
    signingKey: issuer.key,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([...request.extendedKeyUsages], false),
      new x509.SubjectAlternativeNameExtension(sans, false),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
      await authorityKeyIdentifier(issuer.cert),
    ],
  });
}

async function authorityKeyIdentifier(
  ca: X509.X509Certificate,
): Promise<X509.AuthorityKeyIdentifierExtension> {
  // Reuse the CA's own key identifier so the two always match, whatever
  // method made it; compute one only for a CA without it.
  const ski = ca.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski !== null) return new x509.AuthorityKeyIdentifierExtension(ski.keyId, false);
  return x509.AuthorityKeyIdentifierExtension.create(ca.publicKey, false);
}
