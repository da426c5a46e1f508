/** The billing rules the course compares: 2019's (100 ms steps) and today's (1 ms, INIT billed). */
export type BillingRule = "2019" | "current";

/**
 * Billed duration of one invocation under a rule, in ms.
 * - 2019: the run time rounded up to the next 100 ms; INIT was not billed for managed runtimes.
 * - current: rounded up to the next 1 ms (since December 2020), and since 1 August 2025 the INIT
 *   phase is billed too, so a cold start bills INIT + run time.
 * @see https://aws.amazon.com/lambda/pricing/
 */
export function billedDurationMs(durationMs: number, initDurationMs: number | undefined, rule: BillingRule): number {
  if (rule === "2019") return Math.max(100, Math.ceil(durationMs / 100) * 100);
  return Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0)));
}

/** One invocation as the billing meter records it. */
export interface MeteredInvocation {
  functionName: string;
  requestId: string;
  /** Epoch ms when it started. */
  timestamp: number;
  durationMs: number;
  initDurationMs?: number;
  memorySizeMB: number;
  billedDurationMs: Record<BillingRule, number>;
  /** GB-seconds under each rule: memory (GB) × billed duration (s). */
  gbSeconds: Record<BillingRule, number>;
}

/** Meters an invocation under both rules. */
export function meter(entry: Omit<MeteredInvocation, "billedDurationMs" | "gbSeconds">): MeteredInvocation {
  const billed = { "2019": billedDurationMs(entry.durationMs, entry.initDurationMs, "2019"), current: billedDurationMs(entry.durationMs, entry.initDurationMs, "current") };
  const gb = entry.memorySizeMB / 1024;
  return { ...entry, billedDurationMs: billed, gbSeconds: { "2019": (gb * billed["2019"]) / 1000, current: (gb * billed.current) / 1000 } };
}
