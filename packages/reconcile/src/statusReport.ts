/** What an agent says about one service of its node (the fields the report reads). */
export interface ObservedService {
  readonly name: string;
  readonly active: boolean;
  readonly components: readonly { readonly state: string }[];
}

/** One agent's answer to a status call, or why there is none. */
export type AgentAnswer<S extends ObservedService> =
  | { readonly node: string; readonly services: readonly S[] }
  | { readonly node: string; readonly error: string };

/** A placed service: desired state from the master's records, observed state from its agent. */
export interface ServiceReport<S extends ObservedService> {
  readonly service: string;
  readonly node: string;
  /** From the spec the master deployed. */
  readonly desiredActive: boolean;
  readonly specHash: string;
  /** What the agent said; `undefined` when it did not say (see `unknownBecause`). */
  readonly observed: S | undefined;
  /** Why the observed state is unknown, in words; `undefined` when it is known. */
  readonly unknownBecause: string | undefined;
}

export type FindingKind =
  'stale-placement' | 'orphan' | 'unhealthy-node' | 'agent-unreachable' | 'edge-route';

/** Something that needs an operator's eye. */
export interface Finding {
  readonly kind: FindingKind;
  /** Empty for node findings. */
  readonly service: string;
  readonly node: string;
  readonly message: string;
}

/** Everything `statusReport` reads. */
export interface StatusInput<S extends ObservedService> {
  readonly nodes: readonly { readonly name: string; readonly status: string }[];
  readonly placements: readonly {
    readonly service: string;
    readonly node: string;
    readonly specHash: string;
    readonly active: boolean;
  }[];
  readonly answers: readonly AgentAnswer<S>[];
  /** Report only this service. */
  readonly only?: string | undefined;
}

/**
 * Compares the master's placements with what each agent reports, and names
 * what needs attention: a stale placement (placed but not running, or its
 * agent does not have it), an orphan (running without a placement, such as
 * a direct-mode deploy), an unhealthy node, an agent that did not answer.
 * Services of an agent that did not answer keep their desired state and
 * have an unknown observed state, never a made-up one.
 */
export function statusReport<S extends ObservedService>(
  input: StatusInput<S>,
): { services: ServiceReport<S>[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const reported = new Map<string, S>();
  const unreachable = new Map<string, string>();
  for (const answer of input.answers) {
    if ('error' in answer) {
      unreachable.set(answer.node, answer.error);
      findings.push({
        kind: 'agent-unreachable',
        service: '',
        node: answer.node,
        message: `${answer.node} did not answer: ${answer.error}`,
      });
      continue;
    }
    for (const s of answer.services) reported.set(`${answer.node}/${s.name}`, s);
  }
  for (const node of input.nodes.filter((n) => n.status === 'unhealthy')) {
    findings.push({
      kind: 'unhealthy-node',
      service: '',
      node: node.name,
      message: `${node.name} is unhealthy`,
    });
  }
  const placements = input.placements.filter((p) => input.only === undefined || p.service === input.only);
  const services = placements.map((p): ServiceReport<S> => {
    const observed = reported.get(`${p.node}/${p.service}`);
    const silence = unreachable.get(p.node);
    const base = { service: p.service, node: p.node, desiredActive: p.active, specHash: p.specHash };
    if (observed) {
      if (observed.active && observed.components.some((c) => c.state !== 'running')) {
        findings.push({
          kind: 'stale-placement',
          service: p.service,
          node: p.node,
          message: `${p.service} is placed on ${p.node} but not running`,
        });
      }
      return { ...base, observed, unknownBecause: undefined };
    }
    if (silence !== undefined) {
      return {
        ...base,
        observed: undefined,
        unknownBecause: `unknown: the agent on ${p.node} did not answer`,
      };
    }
    findings.push({
      kind: 'stale-placement',
      service: p.service,
      node: p.node,
      message: `${p.service} is placed on ${p.node} but its agent does not have it`,
    });
    return { ...base, observed: undefined, unknownBecause: `not deployed on ${p.node}` };
  });
  const placed = new Set(input.placements.map((p) => `${p.node}/${p.service}`));
  for (const [key, s] of reported) {
    if (placed.has(key) || (input.only !== undefined && s.name !== input.only)) continue;
    const node = key.slice(0, key.indexOf('/'));
    findings.push({
      kind: 'orphan',
      service: s.name,
      node,
      message: `${s.name} runs on ${node} without a placement`,
    });
  }
  return { services, findings };
}
