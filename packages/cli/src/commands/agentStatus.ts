import type { NodeInfo } from '@mcp/proto';
import { binarySource } from '../agent/BinarySource.js';
import { statusName, watchMaster } from '../agent/NodeWatcher.js';
import { table, toJson } from '../render.js';
import { requireMaster } from './agentOptions.js';
import type { CommandContext } from './context.js';

/**
 * `mcp agent status`: each node's agent version beside the version
 * `mcp agent upgrade` would install, with a warning for each node that
 * differs and for a fleet running several versions. Skew is a warning
 * (exit 0); an unreachable master is exit 1.
 */
export async function agentStatusCommand(
  ctx: CommandContext,
  args: Record<string, unknown>,
): Promise<number> {
  requireMaster(ctx, 'agent status');
  const watcher = await watchMaster(ctx.config, ctx.timeoutMs);
  let nodes: NodeInfo[];
  try {
    nodes = await watcher.list();
  } finally {
    watcher.close();
  }
  let target: string | undefined;
  let unknownWhy = '';
  try {
    target = await binarySource(args.binaries as string | undefined).version();
  } catch (error) {
    unknownWhy = (error as Error).message;
  }
  const skewed = (n: NodeInfo) => target !== undefined && n.agentVersion !== target;
  const versions = [...new Set(nodes.map((n) => n.agentVersion))];
  const warnings = [
    ...nodes
      .filter(skewed)
      .map(
        (n) =>
          `${n.name} runs ${n.agentVersion || 'no known version'}, not ${target}: mcp agent upgrade ${n.name}`,
      ),
    ...(versions.length > 1
      ? [`the fleet runs ${versions.length} agent versions: ${versions.join(', ')}`]
      : []),
    ...(target === undefined ? [`cannot tell which version an upgrade would install: ${unknownWhy}`] : []),
  ];
  if (ctx.out.json) {
    ctx.out.line(
      toJson({
        installs: target ?? null,
        skew: warnings.length > 0,
        warnings,
        nodes: nodes.map((n) => ({
          name: n.name,
          role: n.role,
          arch: n.arch,
          agentVersion: n.agentVersion,
          status: statusName(n.status),
          skew: skewed(n),
        })),
      }),
    );
    return 0;
  }
  ctx.out.line(
    table(
      ['node', 'role', 'arch', 'agent', 'would install', 'status'],
      nodes.map((n) => [n.name, n.role, n.arch, n.agentVersion || '-', target ?? '?', statusName(n.status)]),
    ),
  );
  for (const warning of warnings) ctx.out.note(`warning: ${warning}`);
  return 0;
}
