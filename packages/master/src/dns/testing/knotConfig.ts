import type { TsigAlgorithm } from '@mcp/spec';

/** Everything a throwaway Knot instance needs to know. */
export interface KnotConfigInput {
  dir: string;
  port: number;
  zone: string;
  keyName: string;
  algorithm: TsigAlgorithm;
  secret: string;
}

/**
 * A knotd configuration serving `zone` on 127.0.0.1 only, with updates
 * allowed to the one TSIG key. `zonefile-sync: 0` with `journal-content:
 * all` keeps dynamic records across a restart (FIELD-NOTES: otherwise Knot
 * reverts to the zone file). Paths are quoted: the temp dir is ours.
 */
export function renderKnotConfig(input: KnotConfigInput): string {
  const { dir, port, zone, keyName, algorithm, secret } = input;
  return `server:
    rundir: "${dir}/run"
    listen: 127.0.0.1@${port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "${dir}/storage"
control:
    listen: "${dir}/run/knot.sock"
key:
  - id: ${keyName}
    algorithm: ${algorithm}
    secret: ${secret}
acl:
  - id: mcp-update
    key: ${keyName}
    action: update
zone:
  - domain: ${zone}
    storage: "${dir}/zones"
    file: "${zone}.zone"
    acl: mcp-update
    zonefile-sync: 0
    journal-content: all
`;
}

/** The zone's initial content: SOA, NS and the name server's address. */
export function renderZoneFile(zone: string): string {
  return `$ORIGIN ${zone}.
$TTL 60
@ SOA ns hostmaster 1 3600 600 86400 60
@ NS ns
ns A 127.0.0.1
`;
}
