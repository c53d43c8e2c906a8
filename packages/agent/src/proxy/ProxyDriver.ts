/** An HTTPS route on the node proxy: TLS terminated for `hostnames`, then forwarded. */
export interface ProxyRoute {
  /** Stable id; upserting the same id replaces the route. */
  id: string;
  hostnames: string[];
  /** `host:port` to forward to; unused when {@link respond} is set. */
  upstream: string;
  /** Answer every request with this instead of forwarding: a stopped service's names. */
  respond?: { status: number; body: string } | undefined;
  /** Re-encrypt to the upstream (edge → backend), verifying it as `serverName`. */
  upstreamTls?: { serverName: string; caPem: string } | undefined;
  /** The Host header sent upstream instead of the client's (the backend's own name). */
  upstreamHost?: string | undefined;
}

/** A certificate and key the proxy serves, chosen by SNI. */
export interface ProxyCertificate {
  id: string;
  certPem: string;
  keyPem: string;
}

/** The node's proxy (Caddy in the embedded default; mc-proxy's role). */
export interface ProxyDriver {
  /** Whether routes of this mode can be served. */
  supports(mode: 'l4' | 'l7'): boolean;
  /**
   * Makes sure the server that carries MCP's routes exists (after a restart
   * that lost state, say). Once it has seen the server, a driver may answer
   * later calls at once, as long as an upsert that finds its target missing
   * checks again; `recheck` (the monitor's tick) always asks the proxy.
   */
  ensureReady(options?: { recheck?: boolean }): Promise<void>;
  upsertRoute(route: ProxyRoute): Promise<void>;
  /**
   * Replaces a route the proxy has, in one change; `false` (and nothing
   * changed) when it has no route with that id.
   */
  replaceRoute(route: ProxyRoute): Promise<boolean>;
  /** No error if absent. */
  removeRoute(id: string): Promise<void>;
  listRouteIds(): Promise<Set<string>>;
  upsertCertificate(cert: ProxyCertificate): Promise<void>;
  /** No error if absent. */
  removeCertificate(id: string): Promise<void>;
  listCertificateIds(): Promise<Set<string>>;
  /** Throws if the proxy cannot be reached. */
  ping(): Promise<void>;
}
