import { describe, expect, it } from '@jest/globals';
import type { MasterServiceClient } from '@mcp/proto';
import { ClientError, Status } from 'nice-grpc';
import { MasterCaProvider } from './MasterCaProvider.js';

/** A master client whose IssueCertificate answers from `answers`, in order. */
function master(answers: (string | Status)[]) {
  const calls: { name: string; csrPem: string }[] = [];
  const client = {
    issueCertificate: (req: { name: string; csrPem: string }) => {
      calls.push(req);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no more answers');
      if (typeof answer === 'string') return Promise.resolve({ certificateChainPem: answer });
      return Promise.reject(
        new ClientError('/mcp.v1.MasterService/IssueCertificate', answer, `code ${answer}`),
      );
    },
  } as unknown as MasterServiceClient;
  return { client, calls };
}

function clock() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
    waits,
  };
}

describe('MasterCaProvider', () => {
  it('asks the master for the node, and returns the chain', async () => {
    const { client, calls } = master(['CHAIN']);
    expect(await new MasterCaProvider(client, 'svc').issue('CSR')).toBe('CHAIN');
    expect(calls).toEqual([{ name: 'svc', csrPem: 'CSR' }]);
  });

  it('asks again while the master is unreachable (restarting, reconnecting), backing off', async () => {
    const { client, calls } = master([Status.UNAVAILABLE, Status.UNAVAILABLE, Status.UNAVAILABLE, 'CHAIN']);
    const c = clock();
    const provider = new MasterCaProvider(client, 'svc', { ...c, retryBaseMs: 100 });
    expect(await provider.issue('CSR')).toBe('CHAIN');
    expect(calls).toHaveLength(4);
    expect(c.waits).toEqual([100, 200, 400]);
  });

  it('gives up at the timeout with the last reason', async () => {
    const { client, calls } = master(Array<Status>(50).fill(Status.UNAVAILABLE));
    const c = clock();
    const provider = new MasterCaProvider(client, 'svc', { ...c, retryBaseMs: 100, timeoutMs: 1000 });
    await expect(provider.issue('CSR')).rejects.toThrow(`master refused: code ${Status.UNAVAILABLE}`);
    // 100 + 200 + 400 = 700 ms; another 800 would pass the deadline.
    expect(c.waits).toEqual([100, 200, 400]);
    expect(calls).toHaveLength(4);
  });

  it('never asks again after a refusal: the policy said no', async () => {
    const { client, calls } = master([Status.PERMISSION_DENIED, 'CHAIN']);
    const c = clock();
    const provider = new MasterCaProvider(client, 'svc', c);
    await expect(provider.issue('CSR')).rejects.toThrow(`master refused: code ${Status.PERMISSION_DENIED}`);
    expect(calls).toHaveLength(1);
    expect(c.waits).toEqual([]);
  });
});
