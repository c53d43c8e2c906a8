import { messageOf } from './StepLog.js';

interface Entry {
  what: string;
  undo: () => Promise<void> | void;
}

/**
 * What a deploy has done so far, as the ways to undo it. Each step records an
 * undo right when it has done (or is about to do) something a failure must
 * take back: a port it allocated, a container it created, one it parked, a
 * proxy route it added. {@link rollback} runs them newest first, so a
 * container created under a name is removed before the one parked from that
 * name is renamed back.
 */
export class UndoJournal {
  private readonly entries: Entry[] = [];

  /**
   * Records how to undo one thing. `what` completes "could not …" in the
   * rollback report, e.g. `remove mcp-hello-web`.
   */
  record(what: string, undo: () => Promise<void> | void): void {
    this.entries.push({ what, undo });
  }

  /** How many undos are recorded. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Runs every recorded undo, newest first, going on past any that fails,
   * and forgets them. Never throws.
   * @returns one `could not <what>: <reason>` per undo that failed; empty when everything was put back.
   */
  async rollback(): Promise<string[]> {
    const problems: string[] = [];
    for (const { what, undo } of this.entries.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        problems.push(`could not ${what}: ${messageOf(error)}`);
      }
    }
    return problems;
  }
}
