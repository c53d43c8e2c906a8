import type { Logger } from 'pino';
import type { CertificateManager } from '../certs/CertificateManager.js';
import type { HealthBook } from '../health/HealthBook.js';
import type { HealthChecker } from '../health/HealthChecker.js';
import type { ProxyDriver } from '../proxy/ProxyDriver.js';
import type { ContainerRuntime } from '../runtime/ContainerRuntime.js';
import type { PortAllocator } from '../runtime/PortAllocator.js';
import type { AgentStore } from '../store/AgentStore.js';
import type { KeyedLock } from '@mcp/daemon-kit';

/** Everything the agent's operations act on; built once by the daemon. */
export interface AgentContext {
  nodeName: string;
  /** Edge nodes never host containers. */
  role: 'master' | 'worker' | 'edge';
  /** Internal zone: names are `<component>.svc.mcp.<zone>`. */
  zone: string;
  store: AgentStore;
  runtime: ContainerRuntime;
  proxy: ProxyDriver;
  certs: CertificateManager;
  ports: PortAllocator;
  /** Address host ports are published on, and the proxy forwards to. */
  bindAddress: string;
  /** SIGTERM grace before SIGKILL when stopping containers. */
  stopTimeoutSeconds: number;
  /** One operation per service at a time. */
  locks: KeyedLock;
  /** Checks new containers before a route switches to them, and running ones for status. */
  health: HealthChecker;
  /** Each component's last check, for status. */
  healthBook: HealthBook;
  logger: Logger;
  now: () => Date;
  /** Waits between health checks and while the old container drains. */
  sleep: (ms: number) => Promise<void>;
  /**
   * Called when a rolling switch's new containers are healthy and the route
   * is about to switch; tests stop an agent there. Default none.
   */
  beforeSwitch?: ((service: string) => Promise<void>) | undefined;
}

/** Labels that mark a container as MCP's. */
export const LABELS = {
  service: 'mcp.service',
  component: 'mcp.component',
  specHash: 'mcp.spec-hash',
  componentHash: 'mcp.component-hash',
} as const;
