// The fleet CA: making it, loading it, signing agents' CSRs under the
// certificate policy, and TLS certificates for gRPC listeners.

export { PkiError, type PkiErrorCode } from './PkiError.js';
export {
  CLOCK_SKEW_MS,
  DEFAULT_CA_COMMON_NAME,
  DEFAULT_CA_LIFETIME_DAYS,
  DEFAULT_SERVER_CERT_LIFETIME_DAYS,
  MAX_CERTIFICATE_NAMES,
} from './defaults.js';
export { createFleetCa, type CertificateAndKey, type CreateFleetCaOptions } from './createFleetCa.js';
export {
  FleetCa,
  loadFleetCa,
  type IssueRequest,
  type SignCsrOptions,
  type SignedCertificate,
  type ValidityOptions,
} from './FleetCa.js';
export { issueServerCertificate, type ServerCertificateOptions } from './issueServerCertificate.js';
export { readCsrNames, type CsrNames } from './readCsrNames.js';
export {
  checkCertificatePolicy,
  type CertificatePolicyInput,
  type CertificateRole,
} from './checkCertificatePolicy.js';
export { issueAgentCertificate, type AgentCertificateRequest } from './issueAgentCertificate.js';
export type { RandomBytes } from './randomSerial.js';
