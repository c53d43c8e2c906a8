import { createRequire } from 'node:module';
import { createServer as createTcpServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'nice-grpc';
import { exitOnStartFailure } from './exitOnStartFailure.js';
import { listenFailure } from './listenFailure.js';

// The grpc-js nice-grpc uses (nice-grpc does not re-export ServerCredentials).
const requireFromNiceGrpc = createRequire(createRequire(import.meta.url).resolve('nice-grpc'));
const { ServerCredentials } = requireFromNiceGrpc('@grpc/grpc-js') as {
  ServerCredentials: {
    createInsecure(): NonNullable<Parameters<ReturnType<typeof createServer>['listen']>[1]>;
  };
};

let holder: Server | undefined;
afterEach(() => {
  holder?.close();
});

describe('listenFailure', () => {
  it("says which address is in use, without grpc-js's resolver count", async () => {
    holder = createTcpServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(holder.address() as { port: number }).port}`;
    const server = createServer();
    const error = await server.listen(address, ServerCredentials.createInsecure()).catch((e: unknown) => e);
    await server.shutdown();
    expect((error as Error).message).toMatch(/No address added out of total 1 resolved/);
    const plain = listenFailure(address, error);
    expect(plain.message).toBe(
      `cannot listen on ${address}: the address is already in use (another process listens there)`,
    );
    expect(plain.cause).toBe(error);
  });

  it('keeps a reason it does not know, without the wrapping', () => {
    const error = new Error('No address added out of total 1 resolved errors: [Error: something odd]');
    expect(listenFailure('[::1]:9', error).message).toBe('cannot listen on [::1]:9: something odd');
  });
});

describe('exitOnStartFailure', () => {
  it('logs the error, then writes it in plain words, a line per line, and exits', () => {
    const logged: unknown[] = [];
    let written = '';
    const exit = (code: number): never => {
      throw new Error(`exit ${code}`);
    };
    expect(() =>
      exitOnStartFailure(
        'mcp-agent',
        { fatal: (object, message) => logged.push([object, message]) },
        new Error('/etc/a.toml:3: zone: required\n/etc/a.toml:9: [agent] node: required'),
        2,
        (text) => (written += text),
        exit,
      ),
    ).toThrow('exit 2');
    expect(logged).toEqual([
      [{ exitCode: 2 }, '/etc/a.toml:3: zone: required\n/etc/a.toml:9: [agent] node: required'],
    ]);
    expect(written).toBe(
      'mcp-agent: /etc/a.toml:3: zone: required\nmcp-agent: /etc/a.toml:9: [agent] node: required\n',
    );
  });
});
