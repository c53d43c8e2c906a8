// Plans 1,000,000 single-container worker services over 10,000 nodes and over
// 100 nodes, and prints placements per second for each and the time ratio.
// Targets: >= 1,000,000 placements/s at 10,000 nodes; ratio <= 3 (cost grows
// like log n, not n).
import { planPlacements, type PlacementNode, type PlacementRequest } from '@mcp/placement';

const SERVICES = Number(process.env.MCP_BENCH_SERVICES ?? 1_000_000);

function fleet(size: number): PlacementNode[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `node-${String(i).padStart(5, '0')}`,
    role: i === 0 ? 'master' : 'worker',
    healthy: i % 97 !== 5,
    containers: (i * 7919) % 13,
  }));
}

const requests: PlacementRequest[] = Array.from({ length: SERVICES }, (_, i) => ({
  service: `svc-${i}`,
  components: 1,
}));

function run(nodes: PlacementNode[]): number {
  const start = process.hrtime.bigint();
  const plan = planPlacements(requests, nodes);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (plan.length !== SERVICES || !plan.every((p) => p.ok)) throw new Error('plan is incomplete');
  return seconds;
}

// Warm up the JIT on a small plan so neither measured run pays for it.
planPlacements(requests.slice(0, 50_000), fleet(1_000));

const best = (nodes: PlacementNode[]): number => Math.min(run(nodes), run(nodes), run(nodes));
const t100 = best(fleet(100));
const t10k = best(fleet(10_000));
const rate = (t: number): string => Math.round(SERVICES / t).toLocaleString('en-US');

console.log(`placements: ${SERVICES.toLocaleString('en-US')} single-container worker services (best of 3)`);
console.log(`    100 nodes: ${(t100 * 1000).toFixed(0)} ms  ${rate(t100)} placements/s`);
console.log(
  ` 10,000 nodes: ${(t10k * 1000).toFixed(0)} ms  ${rate(t10k)} placements/s  (target >= 1,000,000)`,
);
console.log(`ratio time(10,000) / time(100): ${(t10k / t100).toFixed(2)}  (target <= 3)`);
