import { describe, expect, it } from "vitest";
import {
  concurrencyChart,
  costCurvesChart,
  invocationTimelineChart,
  lambdaVsAlwaysOn,
  renderSvg,
  simulateLambda,
  startTimeChart,
} from "minicloud";
import type { TopLevelSpec } from "vega-lite";

/** Compiles with vega-lite (which throws on a bad spec) and renders to SVG with a headless vega view. */
async function compileAndRender(spec: TopLevelSpec): Promise<string> {
  const vegaLite = await import("vega-lite");
  const warnings: string[] = [];
  vegaLite.compile(spec, { logger: { warn: (...m: unknown[]) => warnings.push(m.join(" ")), info: () => undefined, debug: () => undefined, error: (...m: unknown[]) => warnings.push(m.join(" ")), level: () => 0 } as never });
  expect(warnings).toEqual([]);
  return renderSvg(spec);
}

const sim = simulateLambda({
  durationMs: 20_000,
  bucketMs: 500,
  accountConcurrency: 8,
  recordInvocations: 60,
  functions: [{ name: "api", memoryMB: 512, cpuMs: 150, arrivals: { type: "bursts", perSecond: 5, bursts: [{ atMs: 8000, count: 30, spreadMs: 200 }] } }],
});

describe("chart builders", () => {
  it("draw an invocation timeline, one row per execution environment, cold starts apart", async () => {
    const spec = invocationTimelineChart(sim.invocations);
    const svg = await compileAndRender(spec);
    expect(svg).toContain("INIT (cold start)");
    expect(svg).toContain("handler, warm");
    const environments = new Set(sim.invocations.map((i) => i.environment));
    expect(svg).toContain(`env ${Math.max(...environments)}`);
  });

  it("draw concurrency with its limit, cold starts and throttles", async () => {
    const spec = concurrencyChart(sim.series, { limit: 8 });
    const svg = await compileAndRender(spec);
    expect(svg).toContain("throttles (429)");
    expect(svg).toContain("cold starts");
    expect(svg).toContain("concurrent executions");
  });

  it("draw cost curves with their break-even points labelled", async () => {
    const { points, breakEvens } = lambdaVsAlwaysOn({ durationMs: 100, memoryMB: 512 });
    const svg = await compileAndRender(costCurvesChart(points, breakEvens, { logX: true, logY: true }));
    expect(svg).toContain("Lambda = EC2");
    expect(svg).toContain("Lambda = Fargate");
  });

  it("draw start times of a process, a container and a VM on a log scale", async () => {
    const svg = await compileAndRender(
      startTimeChart([
        { kind: "process", startMs: 40 },
        { kind: "process", startMs: 45 },
        { kind: "container", startMs: 400 },
        { kind: "VM", startMs: 30_000, source: "model" },
      ]),
    );
    expect(svg).toContain("container");
    expect(svg).toContain("model");
  });
});
