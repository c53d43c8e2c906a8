/** The backend CIDRs an edge forwards to when none are configured: the Tailnet range. */
export const DEFAULT_BACKEND_CIDRS: readonly string[] = Object.freeze(['100.64.0.0/10']);
