import { describe, expect, it } from '@jest/globals';
import { NodeStatus, type NodeInfo } from '@mcp/proto';
import { parseCliConfig } from '@mcp/spec';
import { CliError } from '../CliError.js';
import { resolveTargets } from './resolveTargets.js';

const KEY = 'SHA256:CQaW9QZEMJTJ6oOqaTs0o/Tbq9R+FcX4H2J/w1spxCE';
const config = parseCliConfig(`[master]
address = "127.0.0.1:9443"

[[nodes]]
name = "orion"
address = "100.64.0.2:9444"
ssh = "root@100.64.0.2"
host_key = "${KEY}"
restart = "systemctl restart mcp-agent"

[[nodes]]
name = "pi"
address = "100.64.0.3:9444"
ssh = "root@pi:2222"
arch = "arm64"
host_key = "${KEY}"
restart = "systemctl restart mcp-agent"
binary_path = "/opt/mcp-agent"

[[nodes]]
name = "rift"
address = "100.64.0.1:9444"
`);
// Only the fields resolveTargets reads; the message grows other fields over time.
const info = (name: string, role: string, arch = 'amd64'): NodeInfo =>
  ({ name, role, arch, agentVersion: '0.1.0', status: NodeStatus.NODE_STATUS_HEALTHY }) as NodeInfo;
const registered = [info('orion', 'worker'), info('pi', 'worker', 'amd64'), info('rift', 'master')];

const refusal = (names: string[], nodes = registered) => {
  try {
    resolveTargets(config, nodes, names);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as Error).message.split('\n');
  }
  throw new Error('no refusal');
};

describe('resolveTargets', () => {
  it("merges the config's SSH fields with the master's role; the config's arch wins", () => {
    const [orion, pi] = resolveTargets(config, registered, ['orion', 'pi']);
    expect(orion).toMatchObject({
      name: 'orion',
      role: 'worker',
      arch: 'amd64',
      binaryPath: '/srv/mcp/mcp-agent',
    });
    expect(orion!.ssh).toEqual({ user: 'root', host: '100.64.0.2', port: 22 });
    expect(pi).toMatchObject({ arch: 'arm64', binaryPath: '/opt/mcp-agent', ssh: { port: 2222 } });
  });

  it('names every node and field missing, before anything is touched', () => {
    expect(refusal([])).toEqual([
      'node rift: ssh ("user@host[:port]") is required for mcp agent',
      'node rift: host_key (its SSH host key, e.g. from ssh-keyscan) is required for mcp agent',
      'node rift: restart (e.g. "sudo systemctl restart mcp-agent") is required for mcp agent',
    ]);
  });

  it.each<[string, string[], NodeInfo[], string]>([
    [
      'a node not in the config',
      ['vega'],
      [...registered, info('vega', 'edge')],
      'node vega: no [[nodes]] entry in the config',
    ],
    [
      'a node the master does not know',
      ['orion'],
      [info('rift', 'master')],
      'node orion: the master does not know it',
    ],
    [
      'an arch nobody knows',
      ['orion'],
      [info('orion', 'worker', '')],
      'node orion: arch ("amd64" or "arm64"; the master does not say) is required',
    ],
    ['an empty fleet', [], [], 'the master knows no nodes; nothing to do'],
  ])('refuses %s', (_, names, nodes, message) => {
    expect(refusal(names, nodes)[0]).toContain(message);
  });
});
