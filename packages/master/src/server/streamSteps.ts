import type { StepResult } from '@mcp/proto';

/**
 * Runs `work`, yielding each step it reports as soon as it does, then
 * `{ result }`: how a streaming RPC (Deploy, Rollback) shows progress.
 * A failure of `work` is thrown after the steps reported before it.
 */
export async function* streamSteps<T>(
  work: (onStep: (s: StepResult) => void) => Promise<T>,
): AsyncGenerator<{ step: StepResult } | { result: T }> {
  const queue: StepResult[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const running = work((s) => {
    queue.push(s);
    wake?.();
  }).finally(() => {
    done = true;
    wake?.();
  });
  // Settled here too, so a failure before the first step is not unhandled while we wait.
  running.catch(() => undefined);
  for (;;) {
    while (queue.length) yield { step: queue.shift()! };
    if (done) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  yield { result: await running };
}
