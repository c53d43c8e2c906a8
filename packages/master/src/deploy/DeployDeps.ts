import type { Logger } from 'pino';
import type { DnsProvider } from '../dns/DnsProvider.js';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';
import type { PendingNames } from './PendingNames.js';
import type { PublicResolver } from './checkPublicDns.js';

/** What the master's fleet operations act on; built once by `startMaster`. */
export interface DeployDeps {
  store: MasterStore;
  fleet: Fleet;
  agents: AgentPool;
  dns: DnsProvider;
  /** False for `provider = "none"`: no records are kept. */
  dnsManaged: boolean;
  zone: string;
  dnsTtl: number;
  timeouts: {
    deployMs: number;
    undeployMs: number;
    healthCheckMs: number;
    statusMs: number;
    edgeRouteMs: number;
  };
  /** Public domains public routes may use (`[edge] allowed_domains`). */
  allowedDomains: readonly string[];
  /** Where public names are checked after their route is set up (`[edge] public_resolver`). */
  publicResolver: PublicResolver;
  masterTakesWorkers: boolean;
  logger: Logger;
  now: () => Date;
  /** Names deploys under way are about to serve (for the certificate policy). */
  pending: PendingNames;
}

/** A step result as the proto carries it. */
export const step = (name: string, success: boolean, error = '', detail = '') => ({
  step: name,
  success,
  error,
  detail,
});
