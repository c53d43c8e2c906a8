import type { Writer } from '../io.js';
import { StepDisplay } from '../StepDisplay.js';

/** One step on one node, as shown and as `--json` reports it. */
export interface StepRecord {
  step: string;
  success: boolean;
  detail: string;
  error: string;
}

/**
 * Runs named steps, records each result, and shows them as they complete
 * (a live list on a terminal, one line per step elsewhere, nothing with
 * `--json`). A failed step is recorded and its error rethrown.
 */
export class StepRecorder {
  readonly steps: StepRecord[] = [];
  private display: StepDisplay | undefined;

  constructor(private readonly terminal: { out: Writer; live: boolean } | undefined) {}

  /** Starts a phase whose steps are `expected`, in order (for the spinner). */
  phase(expected: readonly string[]): void {
    this.display?.stop();
    this.display = this.terminal && new StepDisplay(this.terminal.out, this.terminal.live, expected);
    this.display?.start();
  }

  /** Runs `fn` as step `step`; its result becomes the step's detail (via `detail`). */
  async run<T>(
    step: string,
    fn: () => Promise<T>,
    detail: (value: T) => string = (v) => String(v ?? ''),
  ): Promise<T> {
    try {
      const value = await fn();
      this.record({ step, success: true, detail: detail(value), error: '' });
      return value;
    } catch (error) {
      this.record({ step, success: false, detail: '', error: (error as Error).message });
      throw error;
    }
  }

  /** Records a step that ran elsewhere. */
  record(result: StepRecord): void {
    this.steps.push(result);
    this.display?.step(result);
  }

  stop(): void {
    this.display?.stop();
  }
}
