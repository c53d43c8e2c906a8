import type { StepResult } from '@mcp/proto';
import type { Writer } from './io.js';
import { stepLine } from './render.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows a deploy's steps as they complete. On a terminal, a live task list:
 * finished steps above, the step in progress below with a spinner, redrawn in
 * place. Elsewhere (a pipe, a log), one plain line per finished step.
 */
export class StepDisplay {
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: string | undefined;

  constructor(
    private readonly out: Writer,
    private readonly live: boolean,
    /** The steps expected, in order, to name the one in progress. */
    private readonly expected: readonly string[],
  ) {}

  start(): void {
    this.pending = this.expected[0];
    if (!this.live) return;
    this.draw();
    this.timer = setInterval(() => this.draw(), 80);
    this.timer.unref();
  }

  step(step: StepResult): void {
    this.clear();
    this.out.write(`${stepLine(step)}\n`);
    const next = this.expected.indexOf(step.step) + 1;
    this.pending = step.success && next > 0 ? this.expected[next] : undefined;
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
    this.pending = undefined;
  }

  private draw(): void {
    if (!this.live || !this.pending) return;
    this.frame = (this.frame + 1) % FRAMES.length;
    this.out.write(`\r\x1b[2K${FRAMES[this.frame]} ${this.pending} ...`);
  }

  private clear(): void {
    if (this.live) this.out.write('\r\x1b[2K');
  }
}
