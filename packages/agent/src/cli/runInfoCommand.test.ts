import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AgentStore } from '../store/AgentStore.js';
import { AGENT_VERSION } from '../version.js';
import { parseAgentArgs } from './parseAgentArgs.js';
import { runInfoCommand } from './runInfoCommand.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-agent-info-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runInfoCommand(parseAgentArgs(argv), {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

describe('mcp-agent --help, --version, --self-check', () => {
  it('prints the version, a semantic version', async () => {
    expect(await run('--version')).toEqual({ code: 0, out: `${AGENT_VERSION}\n`, err: '' });
    expect(AGENT_VERSION).toMatch(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/);
  });

  it('prints usage with examples', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toContain('mcp-agent --self-check --data-dir /srv/mcp/data');
  });

  it('leaves running the agent to main', async () => {
    expect((await run('--config', '/srv/mcp/mcp-agent.toml')).code).toBeUndefined();
  });

  it('refuses an unknown option', () => {
    expect(() => parseAgentArgs(['--verison'])).toThrow("Unknown option '--verison'");
  });

  it('refuses --config given twice, naming both files', () => {
    expect(() => parseAgentArgs(['--config', '/a.toml', '--config', '/b.toml'])).toThrow(
      '--config was given 2 times (/a.toml, /b.toml); give it once',
    );
  });

  it('checks SQLite in memory when there is no database yet', async () => {
    const dir = tempDir();
    const { code, out } = await run('--self-check', '--data-dir', dir);
    expect(code).toBe(0);
    expect(out).toContain('none yet; SQLite works');
    expect(out).toContain('self-check ok');
  });

  it('opens an existing database read-only and reports its schema', async () => {
    const dir = tempDir();
    new AgentStore(join(dir, 'mcp.db')).close();
    const { code, out } = await run('--self-check', '--data-dir', dir);
    expect(code).toBe(0);
    expect(out).toMatch(/schema (\d+) \(this agent knows \1\), 0 services, quick_check ok/);
  });

  it('fails on a database newer than this agent', async () => {
    const dir = tempDir();
    new AgentStore(join(dir, 'mcp.db')).close();
    const db = new DatabaseSync(join(dir, 'mcp.db'));
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'x')").run();
    db.close();
    const { code, out } = await run('--self-check', '--data-dir', dir);
    expect(code).toBe(1);
    expect(out).toContain('newer than this mcp-agent');
    expect(out).toContain('self-check FAILED');
  });

  it('needs a data dir or a readable config', async () => {
    const { code, err } = await run('--self-check', '--config', join(tempDir(), 'missing.toml'));
    expect(code).toBe(2);
    expect(err).toContain('--self-check needs --data-dir or a readable --config');
  });
});
