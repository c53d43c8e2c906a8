import type { PlannedRoute } from '@mcp/spec';
import type { LoadedCertificate } from '../certs/CertificateManager.js';
import type { AgentContext } from './AgentContext.js';
import { proxyIds } from './names.js';
import type { UndoJournal } from './UndoJournal.js';

/** The `certificates` step's outcome. */
export interface EnsuredCertificates {
  /** One certificate per component with an L7 route, keyed by component name. */
  loaded: ReadonlyMap<string, LoadedCertificate>;
  /** Whether any was issued or renewed. */
  changed: boolean;
  detail: string;
}

/** What a step that needs no certificate (stopping) goes on with. */
export const NO_CERTIFICATES: EnsuredCertificates = { loaded: new Map(), changed: false, detail: '' };

/**
 * One certificate per component, for the internal names of its L7 routes,
 * issued or renewed only when needed. With a `journal`, a certificate issued
 * for a name that had none is taken back on rollback (files, record and the
 * proxy's copy): a deploy that fails leaves no certificate behind. A renewed
 * one is kept; it replaced the old one's files and is as good.
 *
 * @throws CertificateError when a certificate that is needed cannot be had.
 */
export async function ensureCertificates(
  ctx: AgentContext,
  service: string,
  routes: readonly PlannedRoute[],
  journal?: UndoJournal,
): Promise<EnsuredCertificates> {
  const byComponent = new Map<string, string[]>();
  for (const r of routes.filter((r) => r.mode === 'l7')) {
    byComponent.set(r.component, [...(byComponent.get(r.component) ?? []), r.internalHostname]);
  }
  const loaded = new Map<string, LoadedCertificate>();
  for (const [component, hostnames] of byComponent) {
    const primary = hostnames[0]!;
    const isNew = ctx.store.getCertificate(primary) === undefined;
    const cert = await ctx.certs.ensure(service, hostnames);
    if (journal && isNew && cert.issued) {
      journal.record(`remove certificate ${primary}`, async () => {
        await ctx.proxy.removeCertificate(proxyIds.certificate(primary));
        await ctx.certs.remove(primary);
      });
    }
    loaded.set(component, cert);
  }
  const issued = [...loaded.values()].filter((c) => c.issued).map((c) => c.record.hostname);
  const detail = issued.length ? `issued ${issued.join(', ')}` : `${loaded.size} valid`;
  return { loaded, changed: issued.length > 0, detail };
}
