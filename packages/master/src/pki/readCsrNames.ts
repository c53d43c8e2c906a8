import { parseCsr } from './parseCsr.js';
import { PkiError } from './PkiError.js';
import { x509, type X509 } from './x509.js';

/** The names a CSR asks for, as written in it (not yet normalized or checked). */
export interface CsrNames {
  /** The subject's common name, if any. */
  readonly commonName: string | undefined;
  /** subjectAltName dNSName entries. */
  readonly dnsNames: readonly string[];
  /** subjectAltName iPAddress entries, in text form. */
  readonly ipAddresses: readonly string[];
  /** Every other subjectAltName entry, as `<type>:<value>` (`email:a@b.c`, `url:https://…`). */
  readonly otherSans: readonly string[];
}

const SAN_OID = '2.5.29.17';

/**
 * The names `csrPem` asks for: subject common name and subjectAltName
 * entries by type. Does not check the signature.
 *
 * @throws PkiError `BAD_CSR` if the CSR does not parse, has more than one
 *   common name or subjectAltName extension, or a subjectAltName entry this
 *   library cannot read (such as an unknown otherName).
 */
export function readCsrNames(csrPem: string): CsrNames {
  return csrNames(parseCsr(csrPem));
}

/** `readCsrNames` for a CSR already parsed. */
export function csrNames(csr: X509.Pkcs10CertificateRequest): CsrNames {
  try {
    return extractNames(csr);
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError('BAD_CSR', 'the CSR subject or extensions cannot be read', { cause: error });
  }
}

function extractNames(csr: X509.Pkcs10CertificateRequest): CsrNames {
  const commonNames = csr.subjectName.getField('CN');
  if (commonNames.length > 1) throw new PkiError('BAD_CSR', 'the CSR subject has more than one common name');
  const sans = csr.extensions.filter((extension) => extension.type === SAN_OID);
  if (sans.length > 1) throw new PkiError('BAD_CSR', 'the CSR has more than one subjectAltName extension');
  const names = { dnsNames: [] as string[], ipAddresses: [] as string[], otherSans: [] as string[] };
  const entries =
    sans[0] === undefined ? [] : new x509.SubjectAlternativeNameExtension(sans[0].rawData).names.items;
  for (const { type, value } of entries) {
    if (type === 'dns') names.dnsNames.push(value);
    else if (type === 'ip') names.ipAddresses.push(value);
    else names.otherSans.push(`${type}:${value}`);
  }
  return { commonName: commonNames[0], ...names };
}
