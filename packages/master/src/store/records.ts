// The rows of the master's database, as the rest of the master sees them.

/** Where a service runs, and the spec it was deployed with. */
export interface PlacementRecord {
  service: string;
  node: string;
  reason: string;
  specJson: string;
  specHash: string;
  placedAt: string;
}

/** One deployed revision of a service. */
export interface RevisionRecord {
  service: string;
  /** 1, 2, 3, ... per service. */
  revision: number;
  specJson: string;
  specHash: string;
  deployedAt: string;
  /** The identity that deployed it (`alice`, `mcp-master`). */
  deployedBy: string;
  /** `rollback to revision 3`, or empty. */
  note: string;
}

export interface EdgeRouteRecord {
  hostname: string;
  service: string;
  edgeNode: string;
  backendHostname: string;
  backendPort: number;
  /** The address the edge resolved the backend hostname to. */
  backendAddress: string;
  certSerial: string;
  certExpiresAt: string | null;
}

export type EventKind =
  | 'registered'
  | 're-registered'
  | 'health'
  /** An announced agent restart (ExpectRestart), and how it ended. */
  | 'restart'
  | 'deploy'
  | 'undeploy'
  | 'startup'
  | 'finding';

export interface EventRecord {
  id: number;
  at: string;
  kind: EventKind;
  node: string | null;
  service: string | null;
  message: string;
}

/** A row as node:sqlite returns it. */
export type Row = Record<string, string | number | null>;

export function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

export function toPlacement(r: Row): PlacementRecord {
  return {
    service: String(r.service),
    node: String(r.node),
    reason: String(r.reason),
    specJson: String(r.spec_json),
    specHash: String(r.spec_hash),
    placedAt: String(r.placed_at),
  };
}
