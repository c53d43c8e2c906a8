/** An A record the master keeps for a service. */
export interface DnsRecord {
  readonly name: string;
  readonly address: string;
}

/** What it takes to make a service's A records right. */
export interface DnsRecordPlan {
  /** The address every wanted name must point at. */
  readonly address: string;
  /** Wanted names that are missing or point elsewhere: set them to `address`. */
  readonly set: readonly string[];
  /** Recorded names the service no longer has: delete them. */
  readonly remove: readonly string[];
}

/**
 * Compares the names a service should have (each an A record to `address`)
 * with the records the master holds for it. Both lists come out sorted.
 */
export function planDnsRecords(
  wanted: readonly string[],
  address: string,
  recorded: readonly DnsRecord[],
): DnsRecordPlan {
  const want = new Set(wanted);
  const have = new Map(recorded.map((record) => [record.name, record.address]));
  return {
    address,
    set: [...want].filter((name) => have.get(name) !== address).sort(),
    remove: [...have.keys()].filter((name) => !want.has(name)).sort(),
  };
}

/** Whether the plan changes nothing. */
export function dnsPlanIsEmpty(plan: DnsRecordPlan): boolean {
  return plan.set.length === 0 && plan.remove.length === 0;
}
