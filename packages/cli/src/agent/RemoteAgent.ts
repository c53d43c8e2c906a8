import type { RemoteResult, SshSession } from '../ssh/connectSsh.js';
import { UpgradeError } from './UpgradeError.js';

/** What is on the node before anything changes. */
export interface NodeInspection {
  /** `uname -m`: x86_64, aarch64, ... */
  machine: string;
  hasBinary: boolean;
  hasPrevious: boolean;
  /** Whether the SSH user may create files next to the binary. */
  writable: boolean;
}

// binary_path is validated by @mcp/spec: absolute, no quotes, spaces or `..`.
const q = (path: string) => `'${path}'`;

/**
 * The agent's files on one node, over an SSH session: `<binary_path>`, the
 * upload `.new`, the kept `.prev`, the failed `.failed`, and the restart
 * command's output in `.restart.log`. Every method throws UpgradeError
 * (REMOTE_COMMAND_FAILED unless said otherwise) naming the node and command.
 */
export class RemoteAgent {
  constructor(
    private readonly ssh: SshSession,
    readonly binaryPath: string,
    private readonly timeoutMs: number,
  ) {}

  get target(): string {
    return this.ssh.target;
  }

  private path(suffix: '' | '.new' | '.prev' | '.failed' | '.restart.log'): string {
    return q(`${this.binaryPath}${suffix}`);
  }

  private async run(command: string, what: string): Promise<RemoteResult> {
    const result = await this.ssh.exec(command, this.timeoutMs);
    if (result.code !== 0) {
      const output = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
      throw new UpgradeError(
        'REMOTE_COMMAND_FAILED',
        `${this.target}: ${what} failed (exit ${result.code ?? 'signal'})${output ? `: ${output}` : ''}`,
      );
    }
    return result;
  }

  async inspect(): Promise<NodeInspection> {
    const b = this.path('');
    const { stdout } = await this.run(
      `uname -m; [ -e ${b} ] && echo binary; [ -e ${this.path('.prev')} ] && echo prev; [ -w "$(dirname ${b})" ] && echo writable; true`,
      'inspecting the node',
    );
    const [machine = '', ...flags] = stdout.trim().split('\n');
    return {
      machine: machine.trim(),
      hasBinary: flags.includes('binary'),
      hasPrevious: flags.includes('prev'),
      writable: flags.includes('writable'),
    };
  }

  /** Uploads `local` as `.new` (replacing a leftover one), executable. */
  async upload(local: string): Promise<void> {
    await this.run(`rm -f ${this.path('.new')}`, 'removing a leftover .new');
    await this.ssh.put(local, `${this.binaryPath}.new`);
    await this.run(`chmod 755 ${this.path('.new')}`, 'making .new executable');
  }

  /** The sha256 of `.new` as the node computes it. */
  async sha256OfNew(): Promise<string> {
    const { stdout } = await this.run(`sha256sum ${this.path('.new')}`, 'sha256sum of .new');
    return stdout.trim().split(/\s+/)[0] ?? '';
  }

  /**
   * What `<file> --version` prints on the node.
   * @throws UpgradeError BINARY_REFUSED if it does not run there.
   */
  async versionOf(which: '' | '.new' | '.prev'): Promise<string> {
    const result = await this.ssh.exec(`${this.path(which)} --version`, this.timeoutMs);
    if (result.code !== 0) {
      const why = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
      throw new UpgradeError(
        'BINARY_REFUSED',
        `${this.target}: ${this.binaryPath}${which} --version failed (exit ${result.code ?? 'signal'})${why ? `: ${why}` : ''}`,
      );
    }
    return result.stdout.trim();
  }

  async discardNew(): Promise<void> {
    await this.run(`rm -f ${this.path('.new')}`, 'removing .new');
  }

  /** Links (or copies) `.prev` as `.new`: what a rollback installs. */
  async stagePrevious(): Promise<void> {
    const [prev, next] = [this.path('.prev'), this.path('.new')];
    await this.run(`ln -f ${prev} ${next} 2>/dev/null || cp -p ${prev} ${next}`, 'staging .prev as .new');
  }

  /** Keeps the current binary as `.prev`, then moves `.new` into place atomically (`mv -f`). */
  async install(): Promise<void> {
    const [b, prev, next] = [this.path(''), this.path('.prev'), this.path('.new')];
    const part = q(`${this.binaryPath}.prev.part`);
    await this.run(
      `if [ -e ${b} ]; then ln -f ${b} ${prev} 2>/dev/null || { cp -p ${b} ${part} && mv -f ${part} ${prev}; }; fi && mv -f ${next} ${b}`,
      'keeping the binary as .prev and moving .new into place',
    );
  }

  /** After a failed start: keeps the binary as `.failed` and puts `.prev` back (kept as well). */
  async restorePrevious(): Promise<void> {
    const [b, prev, failed, next] = [
      this.path(''),
      this.path('.prev'),
      this.path('.failed'),
      this.path('.new'),
    ];
    await this.run(
      `ln -f ${b} ${failed} 2>/dev/null || cp -p ${b} ${failed}; { ln -f ${prev} ${next} 2>/dev/null || cp -p ${prev} ${next}; } && mv -f ${next} ${b}`,
      'putting .prev back',
    );
  }

  /**
   * Runs the node's restart command with its output in `.restart.log`, not
   * on the SSH channel: a service manager that keeps it open would hold the
   * session until the agent exits.
   */
  async restart(command: string): Promise<void> {
    const log = this.path('.restart.log');
    const result = await this.ssh.exec(`( ${command} ) </dev/null >${log} 2>&1`, this.timeoutMs);
    if (result.code === 0) return;
    const tail = await this.ssh.exec(`tail -n 5 ${log}`, this.timeoutMs).catch(() => undefined);
    const output = tail?.stdout.trim();
    throw new UpgradeError(
      'REMOTE_COMMAND_FAILED',
      `${this.target}: restart command "${command}" failed (exit ${result.code ?? 'signal'})${output ? `: ${output}` : ''}`,
    );
  }
}
