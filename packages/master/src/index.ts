export { startMaster, type RunningMaster, type StartMasterOptions } from './startMaster.js';
export { MasterStore, type PlacementRecord, type EventRecord } from './store/MasterStore.js';
export { Fleet, type NodeState, type NodeView } from './fleet/Fleet.js';
export {
  createDnsProvider,
  DnsError,
  NoopDnsProvider,
  Rfc2136DnsProvider,
  type DnsProvider,
  type DnsResult,
} from './dns/index.js';
export { createFleetCa, issueServerCertificate, loadFleetCa, FleetCa, PkiError } from './pki/index.js';
export { initFleet, runInit, type InitSummary } from './init/index.js';
export { MASTER_NODE_FLAGS } from './nodeFlags.js';
