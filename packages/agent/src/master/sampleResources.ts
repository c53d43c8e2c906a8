import { statfs, readFile } from 'node:fs/promises';
import { cpus, freemem } from 'node:os';
import type { Resources } from '@mcp/proto';

interface CpuTimes {
  busy: number;
  total: number;
}

function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/** MemAvailable from /proc/meminfo (what can be used without swapping); free memory elsewhere. */
async function availableMemory(): Promise<number> {
  try {
    const info = await readFile('/proc/meminfo', 'utf8');
    const kib = /^MemAvailable:\s+(\d+) kB$/m.exec(info)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux: fall through
  }
  return freemem();
}

/**
 * Samples this node's resources for heartbeats: CPU in use (millicores, over
 * the time since the previous sample), available memory, free space on the
 * data directory, and running MCP containers.
 */
export function resourceSampler(
  dataDir: string,
  containers: () => Promise<number>,
): () => Promise<Resources> {
  let previous = cpuTimes();
  const cores = cpus().length;
  return async () => {
    const now = cpuTimes();
    const total = now.total - previous.total;
    const millicores = total > 0 ? Math.round(((now.busy - previous.busy) / total) * cores * 1000) : 0;
    previous = now;
    const fs = await statfs(dataDir).catch(() => undefined);
    return {
      cpuMillicores: millicores,
      memoryAvailableBytes: await availableMemory(),
      diskAvailableBytes: fs ? fs.bavail * fs.bsize : 0,
      containers: await containers().catch(() => 0),
    };
  };
}
