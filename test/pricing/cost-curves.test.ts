import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crossingPoint, ec2Cost, fargateCost, HOURS_PER_MONTH, lambdaCost, lambdaVsAlwaysOn } from "minicloud";

describe("cost curves and break-even points", () => {
  it("reproduces AWS's Fargate example: 5 tasks of 1 vCPU and 2 GB, 10 minutes a day for 30 days, is $1.23", () => {
    // aws.amazon.com/fargate/pricing, example 1 (Linux/x86, us-east-1): vCPU 5 × 1 × $0.000011244 × 600 s × 30
    // = $1.01; memory 5 × 2 × $0.0000012347 × 600 s × 30 = $0.22.
    const day = fargateCost({ vcpu: 1, memoryGB: 2, durationSeconds: 600, tasks: 5 });
    expect(day.vcpuCost * 30).toBeCloseTo(1.01, 2);
    expect(day.memoryCost * 30).toBeCloseTo(0.22, 2);
    expect(day.total * 30).toBeCloseTo(1.23, 2);
  });

  it("finds where Lambda's bill meets an always-on server's: cheaper just below, dearer just above", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(128, 512, 1024, 3008), (durationMs, memoryMB) => {
        const { breakEvens } = lambdaVsAlwaysOn({ durationMs, memoryMB });
        const server = ec2Cost({ instanceType: "t3.medium", hours: HOURS_PER_MONTH }).total;
        const atServer = breakEvens.find((b) => b.label === "Lambda = EC2")!;
        const cost = (requests: number) => lambdaCost({ requests, durationMs, memoryMB }).total;
        return cost(atServer.x * 0.999) < server && cost(atServer.x * 1.001) > server && Math.abs(cost(atServer.x) - server) < server * 1e-6;
      }),
    );
  });

  it("draws three curves over the same request counts, Lambda's growing and the always-on ones flat", () => {
    const { points } = lambdaVsAlwaysOn({ durationMs: 100, memoryMB: 512, points: 10 });
    const byHosting = new Map<string, typeof points>();
    for (const p of points) byHosting.set(p.hosting, [...(byHosting.get(p.hosting) ?? []), p]);
    expect([...byHosting.keys()]).toEqual(["Lambda (100 ms, 512 MB)", "EC2 t3.medium, always on", "Fargate 0.25 vCPU / 0.5 GB, always on"]);
    const lambda = byHosting.get("Lambda (100 ms, 512 MB)")!.map((p) => p.cost);
    expect(lambda.every((c, i) => i === 0 || c > lambda[i - 1]!)).toBe(true);
    expect(new Set(byHosting.get("EC2 t3.medium, always on")!.map((p) => p.cost)).size).toBe(1);
    expect(points[0]!.x).toBe(1000);
    expect(points.at(-1)!.x).toBe(1e9);
  });

  it("says when a cost never reaches the target, and refuses a bad range naming the field", () => {
    expect(crossingPoint((x) => x, 10, 0, 5)).toBeUndefined();
    expect(crossingPoint((x) => x, 10, 20, 50)).toBe(20);
    expect(crossingPoint((x) => 2 * x, 10, 0, 100)).toBeCloseTo(5, 9);
    expect(() => lambdaVsAlwaysOn({ durationMs: 100, memoryMB: 512, minRequests: 10, maxRequests: 5 })).toThrow(expect.objectContaining({ name: "InvalidParameterValueException", field: "minRequests" }));
  });
});
