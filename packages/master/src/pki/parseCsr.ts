import { PkiError } from './PkiError.js';
import { x509, type X509 } from './x509.js';

// Real CSRs are well under 2 KiB; the cap bounds the parsing work a hostile
// request can cause.
const MAX_CSR_LENGTH = 16 * 1024;
const CSR_PEM =
  /^\s*-----BEGIN CERTIFICATE REQUEST-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE REQUEST-----\s*$/;

/**
 * Parses exactly one PEM PKCS#10 certificate request (no other encodings,
 * no second block). Does not check the signature (see `verifyCsr`).
 *
 * @throws PkiError `BAD_CSR` saying what is wrong.
 */
export function parseCsr(csrPem: string): X509.Pkcs10CertificateRequest {
  if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_LENGTH) {
    throw new PkiError('BAD_CSR', `the CSR must be PEM text of at most ${MAX_CSR_LENGTH} characters`);
  }
  if (!CSR_PEM.test(csrPem)) {
    throw new PkiError('BAD_CSR', 'the CSR must be one PEM block "-----BEGIN CERTIFICATE REQUEST-----"');
  }
  try {
    return new x509.Pkcs10CertificateRequest(csrPem);
  } catch (error) {
    throw new PkiError('BAD_CSR', 'the CSR is not a valid PKCS#10 request', { cause: error });
  }
}
