import type { TsigAlgorithm } from '@mcp/spec';
import type { Logger } from 'pino';
import { DnsError } from './DnsError.js';
import type { DnsProvider, DnsResult } from './DnsProvider.js';
import { normalizeDnsName } from './normalizeDnsName.js';
import { parseServerAddress, type ServerAddress } from './parseServerAddress.js';
import { readTsigSecret } from './readTsigSecret.js';
import { runNsupdate } from './runNsupdate.js';
import { toAddressRecords } from './toAddressRecords.js';
import { toNameInZone } from './toNameInZone.js';
import type { NsupdateContext } from './nsupdateErrorToDnsError.js';

/** Where and how `Rfc2136DnsProvider` sends updates. */
export interface Rfc2136DnsProviderOptions {
  /** Primary server: `host:port`, `[ipv6]:port`, or a host alone for port 53. */
  server: string;
  /** The zone updated; every name must lie strictly below it (e.g. `svc.mcp.example.org`). */
  zone: string;
  /** TSIG key name, as the server knows it. */
  tsigKeyName: string;
  /** Default `hmac-sha256`. */
  tsigAlgorithm?: TsigAlgorithm;
  /** File holding the base64 secret (mode 0600 or stricter); read at every update. */
  tsigSecretFile: string;
  /** TTL of added records when a call gives none; default 60. */
  ttl?: number;
  /** Longest one update may take, reply included; default 5000 ms. */
  timeoutMs?: number;
  /** Default `nsupdate` from `PATH` (Debian package bind9-dnsutils). */
  nsupdatePath?: string;
  /** Default: no logging. */
  logger?: Pick<Logger, 'debug'>;
}

/**
 * RFC 2136 dynamic updates signed with TSIG, sent by BIND's `nsupdate`.
 *
 * Why nsupdate rather than our own DNS UPDATE + TSIG encoder: no npm package
 * encodes update deletions or TSIG, and a hand-written encoder would also
 * need reply verification, TCP fallback and truncation handling; nsupdate
 * does all that, is packaged everywhere, and costs ~15–50 ms per update
 * (FIELD-NOTES). Each call is one update message, so replacing an RRset is
 * atomic on the server.
 */
export class Rfc2136DnsProvider implements DnsProvider {
  readonly #options: Rfc2136DnsProviderOptions;
  readonly #address: ServerAddress;
  readonly #context: NsupdateContext;
  readonly #ttl: number;

  /** @throws DnsError `INVALID_OPTION` for a malformed server, zone, key, algorithm, TTL or timeout. */
  constructor(options: Rfc2136DnsProviderOptions) {
    const zone = normalizeDnsName(options.zone);
    const keyName = normalizeDnsName(options.tsigKeyName);
    const timeoutMs = options.timeoutMs ?? 5000;
    if (zone === undefined)
      throw new DnsError('INVALID_OPTION', `DNS zone "${options.zone}" is not a valid name`);
    if (keyName === undefined) {
      throw new DnsError('INVALID_OPTION', `TSIG key name "${options.tsigKeyName}" is not a valid name`);
    }
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new DnsError('INVALID_OPTION', `DNS timeout ${timeoutMs} ms is not a positive integer`);
    }
    this.#options = options;
    this.#address = parseServerAddress(options.server);
    this.#ttl = checkTtl(options.ttl ?? 60);
    const algorithm = options.tsigAlgorithm ?? 'hmac-sha256';
    // The type already says so; checked again because it goes into an nsupdate line.
    if (!/^hmac-sha(1|224|256|384|512)$/.test(algorithm)) {
      throw new DnsError('INVALID_OPTION', `TSIG algorithm "${algorithm}" is not supported`);
    }
    this.#context = { server: options.server, zone, keyName, algorithm, timeoutMs };
  }

  async setA(name: string, addresses: readonly string[], ttl?: number): Promise<DnsResult> {
    const fqdn = toNameInZone(name, this.#context.zone);
    const records = toAddressRecords(addresses);
    const seconds = ttl === undefined ? this.#ttl : checkTtl(ttl);
    await this.#send(fqdn, [
      `update delete ${fqdn} A`,
      `update delete ${fqdn} AAAA`,
      ...records.map((r) => `update add ${fqdn} ${seconds} ${r.type} ${r.address}`),
    ]);
    const list = records.map((r) => r.address).join(', ');
    return { applied: true, detail: `${fqdn} → ${list} (ttl ${seconds}) on ${this.#context.server}` };
  }

  async deleteA(name: string): Promise<DnsResult> {
    const fqdn = toNameInZone(name, this.#context.zone);
    await this.#send(fqdn, [`update delete ${fqdn} A`, `update delete ${fqdn} AAAA`]);
    return { applied: true, detail: `${fqdn} has no address on ${this.#context.server}` };
  }

  async check(): Promise<DnsResult> {
    // A prerequisite-only update (the apex exists) goes through TSIG, the
    // zone lookup and the update ACL, and changes nothing, not even the serial.
    const { zone, server, keyName } = this.#context;
    await this.#send(zone, [`prereq yxdomain ${zone}`]);
    return { applied: true, detail: `${server} accepts updates to ${zone} signed with key ${keyName}` };
  }

  async #send(name: string, commands: string[]): Promise<void> {
    const started = performance.now();
    const secret = await readTsigSecret(this.#options.tsigSecretFile);
    await runNsupdate({
      context: this.#context,
      address: this.#address,
      secret,
      commands,
      nsupdatePath: this.#options.nsupdatePath ?? 'nsupdate',
    });
    const ms = Math.round(performance.now() - started);
    this.#options.logger?.debug({ name, zone: this.#context.zone, ms }, 'dns update applied');
  }
}

function checkTtl(ttl: number): number {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2_147_483_647) {
    throw new DnsError('INVALID_OPTION', `DNS TTL ${ttl} is not an integer from 0 to 2147483647`);
  }
  return ttl;
}
