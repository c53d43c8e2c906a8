/**
 * Node.js flags the master runs with. V8 sizes its heap from the machine's
 * memory: on a 24 GB machine the master's young generation and old-space
 * headroom let it grow past 300 MB serving 1,000 heartbeating nodes, while
 * its live heap is about 22 MB. These keep it near 150 MB at that load
 * (bench/master-rss) and cost about a fifth of peak heartbeat throughput.
 * The old-space cap is 5x the live heap at 1,000 nodes (the default limit is
 * 16); a master past it exits and its service manager restarts it, rebuilding
 * its view from agents. Used by the shebang of main.ts, startFleet and the
 * benchmarks; a systemd unit passes them to node the same way.
 */
export const MASTER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--max-old-space-size=128'];
