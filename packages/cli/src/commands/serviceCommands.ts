import { loadServiceFile, specToProto, type ServiceSpec } from '@mcp/spec';
import type { StepResult } from '@mcp/proto';
import { CliError } from '../CliError.js';
import { isMissingFile } from '../isMissingFile.js';
import { stepLine, toJson } from '../render.js';
import { resolveServiceFile } from '../resolveServiceFile.js';
import { StepDisplay } from '../StepDisplay.js';
import { callAgent } from './callAgent.js';
import { callMaster } from './callMaster.js';
import type { CommandContext } from './context.js';

/** Prints the steps and a summary (or one JSON object); 1 if any step failed. */
function report(
  ctx: CommandContext,
  done: string,
  failed: string,
  result: { steps: StepResult[] } & Record<string, unknown>,
): number {
  const ok = result.steps.every((s) => s.success);
  if (ctx.out.json) {
    ctx.out.line(toJson({ ...result, success: ok }));
  } else {
    for (const step of result.steps) ctx.out.line(stepLine(step));
    ctx.out.line(ok ? done : failed);
  }
  return ok ? 0 : 1;
}

async function loadSpec(ctx: CommandContext, arg: string): Promise<ServiceSpec> {
  const file = resolveServiceFile(arg, ctx.config.servicesDir);
  try {
    return await loadServiceFile(file);
  } catch (error) {
    const message = isMissingFile(error)
      ? `no service file ${file} (give a name from services_dir ${ctx.config.servicesDir}, or a path)`
      : (error as Error).message;
    throw new CliError(message, 2, { cause: error });
  }
}

/** `mcp deploy <service|file>`: through the master, or `--direct` to one agent. */
export async function deployCommand(ctx: CommandContext, arg: string): Promise<number> {
  const spec = await loadSpec(ctx, arg);
  return ctx.direct ? deployDirect(ctx, spec) : deployThroughMaster(ctx, spec);
}

/** The master streams each step as it completes; people see them as they come. */
async function deployThroughMaster(ctx: CommandContext, spec: ServiceSpec): Promise<number> {
  const display = new StepDisplay(ctx.terminal.out, ctx.terminal.live, [
    'placement',
    'deploy',
    'dns',
    'edge_route',
  ]);
  const result = await callMaster(
    ctx,
    async (client, options) => {
      if (!ctx.out.json) display.start();
      try {
        for await (const event of client.deploy({ spec: specToProto(spec) }, options)) {
          if (event.step && !ctx.out.json) display.step(event.step);
          if (event.result) return event.result;
        }
      } finally {
        display.stop();
      }
      throw new CliError('the master ended the deploy without a result', 1);
    },
    (target) => ctx.out.json || ctx.out.note(`deploying ${spec.name} through the ${target} ...`),
  );
  if (ctx.out.json) {
    ctx.out.line(toJson({ service: spec.name, ...result }));
  } else {
    const what = result.changed ? 'deployed' : 'unchanged';
    ctx.out.line(
      result.success
        ? `${spec.name} ${what} on ${result.node} (${result.placementReason})`
        : result.node
          ? `${spec.name}: deploy FAILED on ${result.node}`
          : `${spec.name}: not deployed, nothing was placed: ${placementRefusal(result.steps)}`,
    );
  }
  // A spec that can never be placed as written is bad input (exit 2, as an unknown node is).
  return result.success ? 0 : result.badRequest ? 2 : 1;
}

/** Why the master placed nothing: its failed placement step's words. */
function placementRefusal(steps: readonly StepResult[]): string {
  return steps.find((s) => s.step === 'placement' && !s.success)?.error || 'the master gave no reason';
}

async function deployDirect(ctx: CommandContext, spec: ServiceSpec): Promise<number> {
  const progress = (target: string) =>
    ctx.out.json || ctx.out.note(`deploying ${spec.name} to ${target} ...`);
  const { node, reply } = await callAgent(ctx, (c, o) => c.deploy({ spec: specToProto(spec) }, o), progress);
  const what = reply.changed ? 'deployed' : 'unchanged';
  return report(ctx, `${spec.name} ${what} on ${node}`, `${spec.name}: deploy FAILED on ${node}`, {
    service: spec.name,
    node,
    changed: reply.changed,
    steps: reply.steps,
    status: reply.status,
  });
}

const DONE = { stop: 'stopped', start: 'started', restart: 'restarted', undeploy: 'undeployed' } as const;

/** `mcp stop|start|restart|undeploy <service>` */
export async function lifecycleCommand(
  ctx: CommandContext,
  verb: keyof typeof DONE,
  service: string,
): Promise<number> {
  const { node, reply } = ctx.direct
    ? await callAgent(ctx, (c, o) => c[verb]({ service }, o))
    : await callMaster(ctx, async (c, o) => {
        const r = await c[verb]({ service }, o);
        return { node: r.node, reply: r };
      });
  return report(ctx, `${service} ${DONE[verb]} on ${node}`, `${service}: ${verb} FAILED on ${node}`, {
    service,
    node,
    action: verb,
    steps: reply.steps,
  });
}
