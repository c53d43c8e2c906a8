import { checkCertificatePolicy, type CertificatePolicyInput } from './checkCertificatePolicy.js';
import { PkiError } from './PkiError.js';
import type { FleetCa, SignedCertificate, ValidityOptions } from './FleetCa.js';

/** An agent's `IssueCertificate` request, with the caller and the policy settings. */
export interface AgentCertificateRequest extends Omit<CertificatePolicyInput, 'names'>, ValidityOptions {
  /** The PKCS#10 request, PEM. */
  readonly csrPem: string;
  /**
   * Why the caller may not have `name` although the policy allows its form
   * (certificates follow placement), or `undefined` when it may. Default:
   * every name the policy allows.
   */
  readonly refusal?: (name: string) => string | undefined;
}

/**
 * What the master's `IssueCertificate` handler does: verifies the CSR's
 * signature, applies `checkCertificatePolicy` for the caller's identity and
 * role, then `refusal` (certificates follow placement), and signs the
 * approved names with the fleet CA.
 *
 * @throws PkiError `BAD_CSR` (→ INVALID_ARGUMENT), `POLICY_DENIED`
 *   (→ PERMISSION_DENIED), `INVALID_OPTION` or `INVALID_CA` (configuration).
 */
export function issueAgentCertificate(
  ca: FleetCa,
  request: AgentCertificateRequest,
): Promise<SignedCertificate> {
  const { csrPem, identity, role, zone, allowedDomains, maxNames, refusal, ...validity } = request;
  return ca.signCsr(csrPem, {
    ...validity,
    approve: (names) => {
      const approved = checkCertificatePolicy({
        identity,
        role,
        names,
        zone,
        allowedDomains,
        ...(maxNames === undefined ? {} : { maxNames }),
      });
      for (const name of approved) {
        const why = refusal?.(name);
        if (why !== undefined) {
          throw new PkiError(
            'POLICY_DENIED',
            `${identity} (${role}) may not get a certificate for ${JSON.stringify(name)}: ${why}`,
          );
        }
      }
      return approved;
    },
  });
}
