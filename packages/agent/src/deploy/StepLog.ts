import { performance } from 'node:perf_hooks';

/** One step's outcome, shaped like the proto's StepResult. */
export interface Step {
  step: string;
  success: boolean;
  error: string;
  detail: string;
}

/** Records steps in order; a thrown error fails the step and propagates. */
export class StepLog {
  readonly steps: Step[] = [];
  /**
   * How long each step run by {@link run} took, ms (wall clock), in order: for the agent's log,
   * so a slow deploy says where its time went. A step that runs twice adds up.
   */
  readonly ms: Record<string, number> = {};

  /** Runs `fn` as step `name`; its return value's `detail` is recorded. */
  async run<T extends { detail: string }>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await fn();
      this.steps.push({ step: name, success: true, error: '', detail: result.detail });
      return result;
    } catch (error) {
      this.steps.push({ step: name, success: false, error: messageOf(error), detail: '' });
      throw new StepFailed(name, error);
    } finally {
      this.ms[name] = (this.ms[name] ?? 0) + Math.round(performance.now() - started);
    }
  }

  add(step: string, success: boolean, error = '', detail = ''): void {
    this.steps.push({ step, success, error, detail });
  }

  get success(): boolean {
    return this.steps.every((s) => s.success);
  }
}

/** Thrown by {@link StepLog.run} after recording the failure. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed';
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step}: ${messageOf(cause)}`, { cause });
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
