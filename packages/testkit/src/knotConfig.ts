/** The TSIG algorithms Knot, nsupdate and the master's RFC 2136 provider all support. */
export type TsigAlgorithm = 'hmac-sha1' | 'hmac-sha224' | 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512';

/** A TSIG key as Knot, nsupdate and RFC 2136 clients name it. */
export interface TsigKey {
  /** Key name, a domain name with the trailing dot, e.g. 'mcp-test.'. */
  name: string;
  algorithm: TsigAlgorithm;
  /** Base64 secret. */
  secret: string;
}

export interface KnotConfigOptions {
  dir: string;
  address: string;
  port: number;
  /** Zone name with the trailing dot. */
  zone: string;
  zoneFile: string;
  tsig: TsigKey;
}

/**
 * knot.conf for one zone that accepts RFC 2136 updates signed with `tsig`. The zone file is
 * rewritten after every change (`zonefile-sync: 0`) and the journal keeps full contents, so a
 * restart serves the dynamic records instead of reverting to the original zone file.
 */
export function knotConfig(options: KnotConfigOptions): string {
  const { dir, address, port, zone, zoneFile, tsig } = options;
  const q = (value: string) => JSON.stringify(value);
  return `# Written by @mcp/testkit for one test's Knot DNS.
server:
    rundir: ${q(`${dir}/run`)}
    listen: ${address}@${port}

log:
  - target: stderr
    any: info

database:
    storage: ${q(`${dir}/db`)}

key:
  - id: ${tsig.name}
    algorithm: ${tsig.algorithm}
    secret: ${tsig.secret}

acl:
  - id: tsig-update
    key: ${tsig.name}
    action: update

template:
  - id: default
    storage: ${q(`${dir}/zones`)}
    zonefile-sync: 0
    journal-content: all

zone:
  - domain: ${zone}
    file: ${q(zoneFile)}
    acl: tsig-update
`;
}

/** The initial zone: SOA and one NS, with the name server's address inside the zone. */
export function initialZone(
  zone: string,
  nameServerAddress: string,
  extraRecords: readonly string[],
): string {
  const aType = nameServerAddress.includes(':') ? 'AAAA' : 'A';
  return [
    `$ORIGIN ${zone}`,
    '$TTL 60',
    `@ SOA ns1.${zone} hostmaster.${zone} 1 3600 600 86400 60`,
    `@ NS ns1.${zone}`,
    `ns1 ${aType} ${nameServerAddress}`,
    ...extraRecords,
    '',
  ].join('\n');
}
