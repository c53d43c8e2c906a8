import { createSocket, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import { randomLoopbackAddress } from './randomLoopbackAddress.js';
import { TestkitError } from './TestkitError.js';

export interface StartStaticDnsOptions {
  /** Names to answer, name → IPv4 or IPv6 address. Default none. */
  records?: Record<string, string>;
  /** Address to listen on (UDP). Default a random loopback address (see randomLoopbackAddress). */
  address?: string;
  /** Port. Default 53, the only port /etc/resolv.conf can name. */
  port?: number;
}

/** A UDP DNS server in this process answering A/AAAA queries from a table. */
export interface StaticDns {
  readonly address: string;
  readonly port: number;
  /** Answers `name` with `ip` from now on (no caching anywhere on the way). */
  set(name: string, ip: string): void;
  delete(name: string): void;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;
const RCODE_REFUSED = 5;

/**
 * Starts a minimal authoritative DNS server for a few names. Unknown names get REFUSED, so a
 * resolver with a second nameserver (Go's, glibc's) moves on to it. Throws
 * `TestkitError('START_FAILED')` if it cannot bind.
 */
export async function startStaticDns(options: StartStaticDnsOptions = {}): Promise<StaticDns> {
  const { port = 53 } = options;
  const table = new Map<string, string>();
  const set = (name: string, ip: string) => {
    if (!isIPv4(ip) && !isIPv6(ip)) throw new TestkitError('COMMAND_FAILED', `${ip} is not an IP address`);
    table.set(normalize(name), ip);
  };
  Object.entries(options.records ?? {}).forEach(([name, ip]) => set(name, ip));

  let socket: Socket | undefined;
  let address = '';
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.address === undefined ? 5 : 1) && !socket; attempt++) {
    address = options.address ?? randomLoopbackAddress();
    const candidate = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        candidate.once('error', reject);
        candidate.bind({ address, port, exclusive: true }, resolve);
      });
      socket = candidate;
    } catch (error) {
      lastError = error;
      candidate.close();
    }
  }
  if (!socket) {
    throw new TestkitError('START_FAILED', `cannot bind a DNS server on port ${port}: ${String(lastError)}`, {
      cause: lastError,
    });
  }
  const server = socket;
  server.on('message', (query, peer) => {
    const answer = respond(query, table);
    if (answer) server.send(answer, peer.port, peer.address);
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    address,
    port,
    set,
    delete: (name) => void table.delete(normalize(name)),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

const normalize = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** Builds the reply to one query, or undefined for garbage. */
function respond(query: Buffer, table: ReadonlyMap<string, string>): Buffer | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  for (let length = query[offset] ?? 0; length !== 0; length = query[offset] ?? 0) {
    if (length > 63 || offset + 1 + length > query.length) return undefined;
    labels.push(query.toString('latin1', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  const questionEnd = offset + 5;
  if (questionEnd > query.length) return undefined;
  const type = query.readUInt16BE(offset + 1);
  const ip = table.get(normalize(labels.join('.')));

  const rdata = ip === undefined ? undefined : addressBytes(ip, type);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  const recursionDesired = query.readUInt16BE(2) & 0x0100;
  // A known name without an address of the asked type gets an empty NOERROR answer (NODATA).
  const rcode = ip === undefined ? RCODE_REFUSED : 0;
  header.writeUInt16BE(0x8000 | 0x0400 | recursionDesired | rcode, 2); // QR, AA
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdata ? 1 : 0, 6);
  const question = query.subarray(12, questionEnd);
  if (!rdata) return Buffer.concat([header, question]);
  const record = Buffer.alloc(12);
  record.writeUInt16BE(0xc00c, 0); // name: pointer to the question
  record.writeUInt16BE(type, 2);
  record.writeUInt16BE(1, 4); // class IN
  record.writeUInt32BE(0, 6); // TTL 0: nothing caches it
  record.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([header, question, record, rdata]);
}

function addressBytes(ip: string, type: number): Buffer | undefined {
  if (type === TYPE_A && isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (type === TYPE_AAAA && isIPv6(ip)) {
    const [head = '', tail = ''] = ip.split('::');
    const groups = (part: string) => (part === '' ? [] : part.split(':'));
    const missing = 8 - groups(head).length - groups(tail).length;
    const all = [
      ...groups(head),
      ...Array<string>(ip.includes('::') ? missing : 0).fill('0'),
      ...groups(tail),
    ];
    const bytes = Buffer.alloc(16);
    all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
    return bytes;
  }
  return undefined;
}
