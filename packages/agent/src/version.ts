/** The agent's version, reported by HealthCheck and at registration. */
export const AGENT_VERSION = '0.1.0';
