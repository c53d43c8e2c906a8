import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createChannel,
  createClient,
  createServer,
  ServerError,
  Status,
  type Channel,
  type Client,
  type Server,
} from 'nice-grpc';
import { errorBoundary, mapErrors } from './errorBoundary.js';
import { TestDefinition } from './testing/testService.js';

class LibError extends Error {
  constructor(
    readonly code: 'BAD_INPUT' | 'MISCONFIGURED',
    message: string,
  ) {
    super(message);
  }
}

const logs: { fields: Record<string, unknown>; message: string }[] = [];
let thrown: unknown;
let server: Server;
let channel: Channel;
let client: Client<typeof TestDefinition>;

beforeAll(async () => {
  server = createServer().use(
    errorBoundary({
      daemon: 'mcp-test',
      mappings: [mapErrors(LibError, { BAD_INPUT: Status.INVALID_ARGUMENT, MISCONFIGURED: 'fault' })],
      logger: { error: (fields, message) => logs.push({ fields, message }) },
      errorId: () => 'cafe1234',
    }),
  );
  server.add(TestDefinition, {
    async unary() {
      await Promise.resolve();
      throw thrown as Error;
    },
    async *stream() {
      yield Uint8Array.of(1);
      await Promise.resolve();
      throw thrown as Error;
    },
  });
  const port = await server.listen('127.0.0.1:0');
  channel = createChannel(`127.0.0.1:${port}`);
  client = createClient(TestDefinition, channel);
});
afterAll(async () => {
  channel.close();
  await server.shutdown();
});

async function outcome(call: () => Promise<unknown>): Promise<{ code: Status; details: string }> {
  try {
    await call();
    return { code: Status.OK, details: '' };
  } catch (error) {
    return { code: (error as ServerError).code, details: (error as ServerError).details };
  }
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // the first message arrives before the error
  }
}

const internal = (method: string) =>
  `mcp-test could not complete /mcp.test.Test/${method} (error id cafe1234); the details are in its log`;

describe.each([
  ['Unary', () => client.unary(new Uint8Array())],
  ['Stream', () => drain(client.stream(new Uint8Array()))],
])('errorBoundary on %s', (method, call) => {
  it.each<[string, unknown, Status, string | undefined, string | undefined]>([
    [
      'a ServerError passes as thrown',
      new ServerError(Status.NOT_FOUND, 'no such service'),
      Status.NOT_FOUND,
      'no such service',
      undefined,
    ],
    [
      'a mapped code gets its status and keeps its message',
      new LibError('BAD_INPUT', 'name: must be a DNS label'),
      Status.INVALID_ARGUMENT,
      'name: must be a DNS label',
      undefined,
    ],
    [
      'a fault of the daemon is INTERNAL with an id; the details only in the log',
      new LibError('MISCONFIGURED', 'the CA key is unreadable'),
      Status.INTERNAL,
      undefined,
      'the CA key is unreadable',
    ],
    [
      'an unexpected error is INTERNAL with an id; the details only in the log',
      new TypeError('Cannot read properties of undefined'),
      Status.INTERNAL,
      undefined,
      'Cannot read properties of undefined',
    ],
  ])('%s', async (_, error, code, details, logged) => {
    thrown = error;
    logs.length = 0;
    expect(await outcome(call)).toEqual({ code, details: details ?? internal(method) });
    if (logged === undefined) {
      expect(logs).toEqual([]);
    } else {
      expect(logs).toEqual([
        {
          message: expect.stringMatching(/^call failed/),
          fields: expect.objectContaining({ errorId: 'cafe1234', method: `/mcp.test.Test/${method}` }),
        },
      ]);
      expect(JSON.stringify(logs[0]!.fields)).toContain(logged);
    }
  });
});
