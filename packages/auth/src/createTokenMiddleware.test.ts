import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createChannel, createClientFactory, type Channel } from 'nice-grpc';
import { AgentServiceDefinition } from '@mcp/proto';
import { createChannelCredentials } from './createChannelCredentials.js';
import { createTokenMiddleware } from './createTokenMiddleware.js';
import { startAuthFixture, type AuthFixture } from './testing/authFixture.js';

let f: AuthFixture;
const channels: Channel[] = [];
beforeAll(async () => {
  f = await startAuthFixture();
});
afterAll(async () => {
  for (const channel of channels) channel.close();
  await f.close();
});

function agentClient(source: Parameters<typeof createTokenMiddleware>[0]) {
  const channel = createChannel(f.server.address, createChannelCredentials({ ca: f.pki.ca.cert }));
  channels.push(channel);
  return createClientFactory().use(createTokenMiddleware(source)).create(AgentServiceDefinition, channel);
}

describe('createTokenMiddleware', () => {
  it('asks a token function before every call', async () => {
    const token = await f.token('mcp-master', 'master');
    let asked = 0;
    const client = agentClient(async () => {
      asked += 1;
      return Promise.resolve(token);
    });
    await client.status({});
    await client.status({});
    expect(asked).toBe(2);
  });

  it.each([[''], ['two tokens'], ['line\nbreak']])('refuses to send %j as a token', async (bad) => {
    await expect(agentClient(bad).status({})).rejects.toMatchObject({ code: 'MALFORMED_TOKEN' });
  });
});
