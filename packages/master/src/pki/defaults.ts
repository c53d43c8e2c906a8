/** Lifetime of a new fleet CA: ten years. */
export const DEFAULT_CA_LIFETIME_DAYS = 3650;

/** Lifetime of listener certificates made by `issueServerCertificate`. */
export const DEFAULT_SERVER_CERT_LIFETIME_DAYS = 90;

/** Common name of a new fleet CA. */
export const DEFAULT_CA_COMMON_NAME = 'MCP fleet CA';

/** At most this many DNS names on one certificate an agent asks for. */
export const MAX_CERTIFICATE_NAMES = 20;

/** Certificates start this long before "now", so a peer whose clock lags a little still accepts them. */
export const CLOCK_SKEW_MS = 60_000;

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
