import { diffEdgeRoutes } from '@mcp/edge';
import type { RecordedEdgeRoute } from './planEdgeRoutes.js';
import type { Finding } from './statusReport.js';

/** What one edge agent said it serves, or why it said nothing. */
export type EdgeAnswer =
  | {
      readonly node: string;
      readonly routes: readonly {
        readonly hostname: string;
        readonly backendHostname: string;
        readonly backendPort: number;
      }[];
    }
  | { readonly node: string; readonly error: string };

/**
 * Compares the edge routes the master recorded with what each edge agent
 * that answered serves (`@mcp/edge`'s `diffEdgeRoutes`): a route missing on
 * its edge, one forwarding elsewhere than recorded, one the master did not
 * record. Read-only; an edge that did not answer is reported elsewhere.
 */
export function edgeRouteFindings(
  recorded: readonly RecordedEdgeRoute[],
  answers: readonly EdgeAnswer[],
): Finding[] {
  const findings: Finding[] = [];
  for (const answer of answers) {
    if ('error' in answer) continue;
    const node = answer.node;
    const diff = diffEdgeRoutes(
      recorded.filter((r) => r.edgeNode === node),
      answer.routes.map((r) => ({ ...r, edgeNode: node, service: '' })),
    );
    const finding = (service: string, message: string): Finding => ({
      kind: 'edge-route',
      service,
      node,
      message,
    });
    for (const r of diff.add) {
      findings.push(
        finding(
          r.service,
          `${r.hostname} of ${r.service} is recorded on edge ${node} but ${node} does not serve it; ` +
            `mcp deploy ${r.service} sets it up again`,
        ),
      );
    }
    for (const u of diff.update) {
      findings.push(
        finding(
          u.desired.service,
          `${u.desired.hostname} on ${node} forwards to ${u.actual.backendHostname}:${u.actual.backendPort}, ` +
            `the master recorded ${u.desired.backendHostname}:${u.desired.backendPort}; ` +
            `mcp deploy ${u.desired.service} sets it up again`,
        ),
      );
    }
    for (const r of diff.remove) {
      findings.push(finding('', `${node} serves ${r.hostname}, which the master did not record`));
    }
  }
  return findings;
}
