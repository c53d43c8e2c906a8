import { checkCertificatePolicy, type CertificatePolicyInput } from './checkCertificatePolicy.js';
import type { FleetCa, SignedCertificate, ValidityOptions } from './FleetCa.js';

/** An agent's `IssueCertificate` request, with the caller and the policy settings. */
export interface AgentCertificateRequest extends Omit<CertificatePolicyInput, 'names'>, ValidityOptions {
  /** The PKCS#10 request, PEM. */
  readonly csrPem: string;
}

/**
 * What the master's `IssueCertificate` handler does: verifies the CSR's
 * signature, applies `checkCertificatePolicy` for the caller's identity and
 * role, and signs the approved names with the fleet CA.
 *
 * @throws PkiError `BAD_CSR` (→ INVALID_ARGUMENT), `POLICY_DENIED`
 *   (→ PERMISSION_DENIED), `INVALID_OPTION` or `INVALID_CA` (configuration).
 */
export function issueAgentCertificate(
  ca: FleetCa,
  request: AgentCertificateRequest,
): Promise<SignedCertificate> {
  const { csrPem, identity, role, zone, allowedDomains, maxNames, ...validity } = request;
  return ca.signCsr(csrPem, {
    ...validity,
    approve: (names) =>
      checkCertificatePolicy({
        identity,
        role,
        names,
        zone,
        allowedDomains,
        ...(maxNames === undefined ? {} : { maxNames }),
      }),
  });
}
