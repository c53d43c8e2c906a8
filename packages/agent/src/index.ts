export { nodeArch, startAgent, type RunningAgent, type StartAgentOptions } from './startAgent.js';
export { MasterLink, type MasterLinkOptions } from './master/MasterLink.js';
export { MasterCaProvider } from './master/MasterCaProvider.js';
export { AGENT_VERSION } from './version.js';
export { AgentStore } from './store/AgentStore.js';
export { PodmanRuntime, type PodmanOptions } from './runtime/PodmanRuntime.js';
export type {
  ContainerEventHandlers,
  ContainerInfo,
  ContainerRuntime,
  ContainerSpec,
  ContainerWatch,
} from './runtime/ContainerRuntime.js';
export { WatchedRuntime, type WatchedRuntimeOptions } from './runtime/WatchedRuntime.js';
export { RuntimeError, type RuntimeErrorCode } from './runtime/RuntimeError.js';
export { PortAllocator, type PortAllocatorOptions } from './runtime/PortAllocator.js';
export { CaddyDriver, type CaddyDriverOptions } from './proxy/CaddyDriver.js';
export { caddyAdmin, type AdminResponse } from './proxy/caddyAdmin.js';
export type { ProxyCertificate, ProxyDriver, ProxyRoute } from './proxy/ProxyDriver.js';
export { ProxyError, type ProxyErrorCode } from './proxy/ProxyError.js';
export { AcmeProvider, type AcmeProviderOptions } from './certs/AcmeProvider.js';
export type { CertificateProvider } from './certs/CertificateProvider.js';
export { CertificateError, type CertificateErrorCode } from './certs/CertificateError.js';
export { containerName, proxyIds } from './deploy/names.js';
export { LABELS } from './deploy/AgentContext.js';
