// `mcp-master init`: bootstraps a fleet directory (CA, signing key, the
// master's TLS certificate, agents' certificates, tokens).

export { InitError, type InitErrorCode } from './InitError.js';
export { AGENTS_DIR, FLEET_FILES, TOKENS_DIR, agentCertPaths, tokenPath } from './fleetLayout.js';
export type { InitFleetOptions, ListenerNames } from './resolveInitOptions.js';
export { initFleet, type FileStatus, type InitFileResult, type InitSummary } from './initFleet.js';
export { parseInitArgs, type InitCommand } from './parseInitArgs.js';
export { formatInitSummary } from './formatInitSummary.js';
export { INIT_USAGE } from './initUsage.js';
export { runInit, type InitIo } from './runInit.js';
