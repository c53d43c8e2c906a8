/** When an injected failure applies. */
export interface FaultOptions {
  /** Only for this subject (a container name, an image, a proxy id), or those the function accepts. Default every subject. */
  when?: string | ((subject: string) => boolean);
  /** What to throw. Default the fake's own error for the operation. */
  error?: Error;
  /** How many matching calls succeed before the failures start. Default 0. */
  skip?: number;
  /** How many calls fail before the operation works again. Default every call. */
  times?: number;
}

interface Rule<Op> {
  op: Op;
  applies: (subject: string) => boolean;
  error: Error | undefined;
  skip: number;
  left: number;
}

/**
 * The operations a fake was asked to do, and the failures a test injected
 * into them. Every operation of a fake starts with {@link enter}, which
 * records the call and throws if a test made that operation fail.
 */
export class Faults<Op extends string> {
  /** Every operation entered, in order, as `<op> <subject>`. */
  readonly calls: string[] = [];
  private rules: Rule<Op>[] = [];

  constructor(private readonly defaultError: (op: Op, subject: string) => Error) {}

  /** Makes `op` fail from now on (see {@link FaultOptions} for which calls and how). */
  fail(op: Op, options: FaultOptions = {}): void {
    const { when } = options;
    this.rules.push({
      op,
      applies: when === undefined ? () => true : typeof when === 'string' ? (s) => s === when : when,
      error: options.error,
      skip: options.skip ?? 0,
      left: options.times ?? Infinity,
    });
  }

  /** Makes every operation work again. */
  heal(): void {
    this.rules = [];
  }

  /** Calls of `op` so far, as their subjects. */
  subjects(op: Op): string[] {
    return this.calls.filter((c) => c.split(' ')[0] === op).map((c) => c.slice(op.length + 1));
  }

  /**
   * Records a call of `op` on `subject`.
   * @throws the injected error when a rule for `op` applies.
   */
  enter(op: Op, subject: string): void {
    this.calls.push(`${op} ${subject}`);
    const rule = this.rules.find((r) => r.op === op && r.left > 0 && r.applies(subject));
    if (!rule) return;
    if (rule.skip > 0) {
      rule.skip--;
      return;
    }
    rule.left--;
    throw rule.error ?? this.defaultError(op, subject);
  }
}
