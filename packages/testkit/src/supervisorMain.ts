// A tiny stand-in for systemd, run by `startSupervisor` as its own process:
//   node supervisorMain.js <state file> <restart delay ms> -- <command> [args...]
// It starts the command (looked up afresh each time, so a replaced binary is
// what starts), restarts it after the delay when it fails (exit code not 0,
// or killed by a signal: Restart=on-failure), and on SIGHUP stops it
// (SIGTERM, SIGKILL after 10 s) and starts it again (`systemctl restart`).
// SIGTERM stops both. Every start and exit is logged on stdout, and the
// state file holds {"pid", "starts"} for the test to read.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [stateFile, delayText, separator, command, ...args] = process.argv.slice(2);
if (!stateFile || separator !== '--' || !command) {
  process.stderr.write('usage: supervisorMain <state file> <restart delay ms> -- <command> [args...]\n');
  process.exit(2);
}
const restartDelayMs = Number(delayText);
let child: ChildProcess | undefined;
let starts = 0;
let stopping = false;
let restarting = false;
let pendingStart: NodeJS.Timeout | undefined;

const log = (line: string) => process.stdout.write(`supervisor: ${line}\n`);
const writeState = () => writeFileSync(stateFile, JSON.stringify({ pid: child?.pid ?? null, starts }));

function start(): void {
  clearTimeout(pendingStart);
  pendingStart = undefined;
  starts++;
  // The service dies with the supervisor, as with systemd's KillMode.
  const proc = spawn('setpriv', ['--pdeathsig', 'KILL', '--', command!, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child = proc;
  log(`started ${command} as pid ${proc.pid} (start ${starts})`);
  writeState();
  proc.on('exit', (code, signal) => {
    log(`pid ${proc.pid} exited (code ${code}, signal ${signal})`);
    if (child === proc) child = undefined;
    writeState();
    if (stopping) process.exit(0);
    if (restarting) {
      restarting = false;
      start();
    } else if (code !== 0) {
      pendingStart = setTimeout(start, restartDelayMs);
    }
  });
}

function stopChild(): void {
  const proc = child;
  if (!proc) return;
  proc.kill('SIGTERM');
  setTimeout(
    () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'),
    10_000,
  ).unref();
}

process.on('SIGHUP', () => {
  log('restart requested');
  if (!child) return start();
  restarting = true;
  stopChild();
});
process.on('SIGTERM', () => {
  stopping = true;
  clearTimeout(pendingStart);
  if (!child) process.exit(0);
  stopChild();
});
// Like a stopped unit, the supervisor stays until told to go, even with no service running.
const keepAlive = setInterval(() => undefined, 1 << 30);
process.on('exit', () => clearInterval(keepAlive));
start();
