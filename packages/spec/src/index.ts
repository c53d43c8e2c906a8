// Service definitions and config files: TOML to validated, typed objects,
// with errors that name file, line and field.

export { SpecError, formatIssue, type SpecErrorCode, type SpecIssue } from './SpecError.js';

export type {
  ComponentSpec,
  HealthSpec,
  RestartPolicy,
  RouteMode,
  RouteSpec,
  ServiceSpec,
  Strategy,
  Tier,
} from './serviceTypes.js';
export { HEALTH_DEFAULTS } from './readHealth.js';
export { parseServiceSpec, type ParseServiceOptions } from './parseServiceSpec.js';
export { loadServiceFile } from './loadServiceFile.js';
export { loadServicesDir } from './loadServicesDir.js';
export { canonicalSpecJson, hashSpec } from './hashSpec.js';
export { specFromProto } from './specFromProto.js';
export { readStoredSpec } from './readStoredSpec.js';
export { specToProto } from './specToProto.js';
export { routePortEnv, isReservedEnv } from './routePortEnv.js';
export { planRoutes, type PlannedRoute } from './planRoutes.js';

export type { AgentConfig } from './AgentConfig.js';
export type { BootstrapNode, MasterConfig, RateLimit, TsigAlgorithm } from './MasterConfig.js';
export { DEFAULT_AGENT_BINARY_PATH, type CliConfig, type CliNode } from './CliConfig.js';
export type { ConfigOptions, LoadConfigOptions, NodeRole, TlsServerConfig } from './configCommon.js';
export type { Arch } from './commonFields.js';
export type { SshTarget } from './parseSshTarget.js';
export { hostKeyFingerprint, tryParseHostKey, type HostKey } from './parseHostKey.js';
export { loadAgentConfig, parseAgentConfig } from './parseAgentConfig.js';
export { loadMasterConfig, parseMasterConfig } from './parseMasterConfig.js';
export { loadCliConfig, parseCliConfig } from './parseCliConfig.js';

export { parseHostPort, type HostPort } from './parseHostPort.js';
export { parseDuration } from './parseDuration.js';
