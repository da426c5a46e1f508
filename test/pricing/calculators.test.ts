import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { courseReportCase, ec2Cost, fargateCost, lambdaCost, lambdaUsageCost } from "minicloud";

describe("pricing", () => {
  it("reproduces AWS's worked Lambda example: 3M requests of 1 s at 512 MB is $18.73 with the free tier", () => {
    // aws.amazon.com/lambda/pricing, example 1 (x86, us-east-1): 1.5M GB-s − 400,000 free = 1.1M × $0.0000166667
    // = $18.33, plus 2M billable requests × $0.20/M = $0.40.
    const withFreeTier = lambdaCost({ requests: 3_000_000, durationMs: 1000, memoryMB: 512, freeTier: true });
    expect(withFreeTier.gbSeconds).toBe(1_500_000);
    expect(withFreeTier.durationCost).toBeCloseTo(18.33, 2);
    expect(withFreeTier.requestCost).toBeCloseTo(0.4, 10);
    expect(withFreeTier.total).toBeCloseTo(18.73, 2);
    expect(lambdaCost({ requests: 3_000_000, durationMs: 1000, memoryMB: 512 }).total).toBeCloseTo(25.6, 2);
  });

  it("reproduces the course's case: about $1,500 a month on two servers, about 5 cents on Lambda", () => {
    const { servers, lambda, ratio } = courseReportCase();
    expect(servers).toBeGreaterThan(1400);
    expect(servers).toBeLessThan(1600);
    expect(lambda).toBeCloseTo(0.05, 2);
    expect(ratio).toBeGreaterThan(10_000);
  });

  it("rounds to 100 ms under 2019 rules and 1 ms today, so the 2019 bill is never the smaller", () => {
    expect(lambdaCost({ requests: 1, durationMs: 1, memoryMB: 128, rule: "2019" }).billedDurationMs).toBe(100);
    expect(lambdaCost({ requests: 1, durationMs: 101, memoryMB: 128, rule: "2019" }).billedDurationMs).toBe(200);
    expect(lambdaCost({ requests: 1, durationMs: 100.2, memoryMB: 128 }).billedDurationMs).toBe(101);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.double({ min: 0.001, max: 900_000, noNaN: true }), fc.integer({ min: 128, max: 10_240 }), (requests, durationMs, memoryMB) => {
        const old = lambdaCost({ requests, durationMs, memoryMB, rule: "2019" }).total;
        const now = lambdaCost({ requests, durationMs, memoryMB, rule: "current" }).total;
        return old >= now - 1e-9;
      }),
    );
  });

  it("never costs less for more requests, longer runs or more memory", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: 0.1, max: 60_000, noNaN: true }),
        fc.double({ min: 0, max: 60_000, noNaN: true }),
        fc.integer({ min: 128, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom<"2019" | "current">("2019", "current"),
        (requests, moreRequests, durationMs, longer, memoryMB, moreMemory, rule) => {
          const base = lambdaCost({ requests, durationMs, memoryMB, rule }).total;
          return (
            lambdaCost({ requests: requests + moreRequests, durationMs, memoryMB, rule }).total >= base - 1e-12 &&
            lambdaCost({ requests, durationMs: durationMs + longer, memoryMB, rule }).total >= base - 1e-12 &&
            lambdaCost({ requests, durationMs, memoryMB: Math.min(10_240, memoryMB + moreMemory), rule }).total >= base - 1e-12
          );
        },
      ),
    );
  });

  it("prices GB-seconds in tiers: beyond 6 billion a month each GB-second is cheaper", () => {
    const first = lambdaUsageCost({ requests: 0, gbSeconds: 6e9, rule: "current", architecture: "x86_64", freeTier: false }).total;
    const more = lambdaUsageCost({ requests: 0, gbSeconds: 7e9, rule: "current", architecture: "x86_64", freeTier: false }).total;
    expect(first).toBeCloseTo(6e9 * 0.0000166667, 0);
    expect(more - first).toBeCloseTo(1e9 * 0.000015, 0);
  });

  it("bills Fargate per second with a one-minute minimum, and EC2 by the hour", () => {
    expect(fargateCost({ vcpu: 1, memoryGB: 2, durationSeconds: 10 }).billedSeconds).toBe(60);
    expect(fargateCost({ vcpu: 1, memoryGB: 2, durationSeconds: 90.2 }).billedSeconds).toBe(91);
    const hour = fargateCost({ vcpu: 1, memoryGB: 2, durationSeconds: 3600 });
    expect(hour.total).toBeCloseTo(0.04048 + 2 * 0.004445, 10);
    expect(ec2Cost({ instanceType: "m5.large", hours: 730 }).total).toBeCloseTo(70.08, 2);
    expect(() => ec2Cost({ instanceType: "x9.huge" as never, hours: 1 })).toThrow(/instanceType x9.huge/);
    expect(() => lambdaCost({ requests: 1, durationMs: 1, memoryMB: 100 })).toThrow(/memoryMB/);
  });
});
