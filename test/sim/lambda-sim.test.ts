import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billedDurationMs, lambdaUsageCost, modelledDurationMs, simulateLambda, type SimulatedFunction } from "minicloud";

/** A function with fixed run times, so small cases can be checked by hand. */
const steady = (over: Partial<SimulatedFunction> = {}): SimulatedFunction => ({
  name: "f",
  memoryMB: 1769,
  cpuMs: 100,
  initCpuMs: 200,
  initIoMs: 0,
  variability: 0,
  arrivals: { type: "constant", perSecond: 1 },
  ...over,
});

describe("simulateLambda", () => {
  it("repeats exactly for a seed, and differs for another", () => {
    // Compared as data: the result's toMimeBundle is a fresh closure each time.
    const run = (seed: number) =>
      JSON.parse(JSON.stringify(simulateLambda({ seed, durationMs: 120_000, recordInvocations: 50, functions: [{ name: "api", memoryMB: 512, cpuMs: 40, arrivals: { type: "poisson", perSecond: 50 } }] }))) as { total: unknown };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8).total).not.toEqual(a.total);
  });

  it("never needs a second environment when each event ends before the next arrives", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 128, max: 4096 }), (perSecond, memoryMB) => {
        const gap = 1000 / perSecond;
        // Pick the work so that INIT + run fits in the gap at this memory size.
        const cpuMs = (0.4 * gap * Math.min(memoryMB, 1769)) / 1769;
        const result = simulateLambda({ durationMs: 30_000, functions: [steady({ memoryMB, cpuMs, initCpuMs: cpuMs, arrivals: { type: "constant", perSecond } })] });
        const [f] = result.functions;
        return f!.environmentsCreated === 1 && f!.coldStarts === 1 && f!.invocations === Math.ceil(30 * perSecond) && f!.maxConcurrency === 1;
      }),
    );
  });

  it("throttles exactly the excess of a burst above the reserved concurrency", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 200 }), (reserved, burst) => {
        const result = simulateLambda({ durationMs: 10_000, functions: [steady({ reservedConcurrency: reserved, arrivals: { type: "bursts", bursts: [{ atMs: 1000, count: burst }] } })] });
        const [f] = result.functions;
        return f!.throttles === Math.max(0, burst - reserved) && f!.invocations === Math.min(burst, reserved) && f!.coldStarts === Math.min(burst, reserved);
      }),
    );
  });

  it("shares the account's unreserved pool: a reservation takes concurrency away from the other functions", () => {
    const result = simulateLambda({
      durationMs: 5000,
      accountConcurrency: 10,
      functions: [steady({ name: "reserved", reservedConcurrency: 4, arrivals: { type: "trace", timestampsMs: [] } }), steady({ name: "shared", arrivals: { type: "bursts", bursts: [{ atMs: 0, count: 10 }] } })],
    });
    expect(result.functions.map((f) => [f.function, f.invocations, f.throttles])).toEqual([
      ["reserved", 0, 0],
      ["shared", 6, 4],
    ]);
    expect(result.total.maxConcurrency).toBe(6);
  });

  it("reuses a warm environment until it has been idle for idleReclaimMs, then starts cold", () => {
    const twoEvents = (gapMs: number) =>
      simulateLambda({ durationMs: 10 * 60_000, idleReclaimMs: 60_000, functions: [steady({ arrivals: { type: "trace", timestampsMs: [0, gapMs] } })] }).functions[0]!;
    expect(twoEvents(30_000).coldStarts).toBe(1);
    // The first run ends at INIT (200 ms) + 100 ms; idle from then on.
    expect(twoEvents(60_000 + 299).coldStarts).toBe(1);
    expect(twoEvents(60_000 + 300).coldStarts).toBe(2);
  });

  it("bills each invocation by the rules of billedDurationMs, and prices with the pricing module", () => {
    const result = simulateLambda({ durationMs: 10_000, functions: [steady({ memoryMB: 512, cpuMs: 30, initCpuMs: 50, arrivals: { type: "constant", perSecond: 1 } })] });
    const run = modelledDurationMs(30, 0, 512);
    const init = modelledDurationMs(50, 0, 512);
    const gb = 0.5;
    const f = result.functions[0]!;
    expect(f.gbSeconds["2019"]).toBeCloseTo((10 * gb * billedDurationMs(run, undefined, "2019")) / 1000, 9);
    expect(f.gbSeconds.current).toBeCloseTo((gb * (9 * billedDurationMs(run, undefined, "current") + billedDurationMs(run, init, "current"))) / 1000, 9);
    expect(f.cost.current).toBeCloseTo(lambdaUsageCost({ requests: 10, gbSeconds: f.gbSeconds.current, rule: "current", architecture: "x86_64", freeTier: false }).total, 12);
  });

  it("keeps a time series whose sums are the totals, within the concurrency limit", () => {
    const result = simulateLambda({
      durationMs: 60_000,
      bucketMs: 1000,
      accountConcurrency: 20,
      functions: [{ name: "api", memoryMB: 256, cpuMs: 60, ioMs: 100, arrivals: { type: "bursts", perSecond: 30, bursts: [{ atMs: 20_000, count: 300, spreadMs: 500 }] } }],
    });
    const sum = (key: "invocations" | "throttles" | "coldStarts") => result.series.reduce((s, p) => s + p[key], 0);
    expect(result.series).toHaveLength(60);
    expect(sum("invocations")).toBe(result.total.invocations);
    expect(sum("throttles")).toBe(result.total.throttles);
    expect(sum("coldStarts")).toBe(result.total.coldStarts);
    expect(result.total.throttles).toBeGreaterThan(0);
    expect(Math.max(...result.series.map((p) => p.concurrency))).toBe(20);
    expect(result.series.reduce((s, p) => s + p.cost, 0)).toBeCloseTo(result.total.cost.current, 9);
    expect(result.series.every((p) => p.environments >= 0 && p.environments <= 20)).toBe(true);
  });

  it("records invocations one by one, on the environment that ran them", () => {
    const result = simulateLambda({ durationMs: 3000, recordInvocations: 100, functions: [steady({ cpuMs: 1500, initCpuMs: 0, arrivals: { type: "constant", perSecond: 1 } })] });
    // Each run lasts 1.5 s and events come every second: two environments take turns.
    expect(result.invocations.map((i) => [i.environment, i.cold])).toEqual([
      [0, true],
      [1, true],
      [0, false],
    ]);
  });

  it("refuses bad input with AWS-style errors naming the field", () => {
    const run = (over: Partial<SimulatedFunction>, extra: object = {}) => () => simulateLambda({ durationMs: 1000, functions: [steady(over)], ...extra });
    expect(run({ memoryMB: 100 })).toThrow(expect.objectContaining({ name: "InvalidParameterValueException", field: "functions[0].memoryMB" }));
    expect(run({ arrivals: { type: "sometimes" } as never })).toThrow(expect.objectContaining({ field: "functions[0].arrivals.type" }));
    expect(run({ arrivals: { type: "poisson", perSecond: -1 } })).toThrow(expect.objectContaining({ field: "functions[0].arrivals.perSecond" }));
    expect(run({ reservedConcurrency: 2000 })).toThrow(expect.objectContaining({ field: "functions[0].reservedConcurrency" }));
    expect(run({}, { accountConcurrency: 0 })).toThrow(expect.objectContaining({ field: "accountConcurrency" }));
    expect(() => simulateLambda({ durationMs: 1000, functions: [] })).toThrow(expect.objectContaining({ field: "functions" }));
  });
});
