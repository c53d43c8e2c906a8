export { DEFAULT_MAX_NODES, NodeRegistry, type RegistryOptions } from './NodeRegistry.js';
export { parseAddress, type ParsedAddress } from './parseAddress.js';
export { RegistryError, type RegistryErrorCode } from './RegistryError.js';
export type {
  BootstrapNode,
  NodeArch,
  NodeRecord,
  NodeRegistration,
  NodeRole,
  RegistrationRequest,
  RegistrationResult,
} from './types.js';
export { validateRegistration } from './validateRegistration.js';
