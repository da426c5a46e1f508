import { concurrencyChart, invocationTimelineChart, renderSvg, simulateLambda } from "minicloud";
import { median, round2 } from "./support/measure.js";
import type { Benchmark, Measurement } from "./support/types.js";

const RUNS = 7;

/** Median ms to render a spec to SVG, after one warm-up render (which loads vega). */
async function renderMs(spec: Parameters<typeof renderSvg>[0]): Promise<number> {
  await renderSvg(spec);
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await renderSvg(spec);
    runs.push(performance.now() - started);
  }
  return round2(median(runs));
}

const benchmark: Benchmark = {
  name: "charts",
  description: "Vega-Lite specs of 10,000 points rendered to SVG in Node (the fallback every notebook frontend shows)",
  async run() {
    // A day of traffic at 10,000 points: a concurrency line, a cold-start panel and a throttle panel.
    const day = simulateLambda({
      durationMs: 86_400_000,
      bucketMs: 8640,
      functions: [{ name: "api", memoryMB: 512, cpuMs: 40, arrivals: { type: "daily", peakPerSecond: 40, troughPerSecond: 2 } }],
    });
    const busy = simulateLambda({ durationMs: 600_000, recordInvocations: 10_000, functions: [{ name: "api", memoryMB: 512, cpuMs: 40, arrivals: { type: "poisson", perSecond: 50 } }] });
    // The target chart: one 10,000-point series. Then the full three-panel concurrency chart (30,000
    // points) and a timeline of 10,000 invocations (one bar each), for scale, without a target.
    const line = await renderMs(concurrencyChart(day.series.map(({ timeMs, concurrency }) => ({ timeMs, concurrency })), { limit: 1000 }));
    const panels = await renderMs(concurrencyChart(day.series, { limit: 1000 }));
    const timeline = await renderMs(invocationTimelineChart(busy.invocations));
    const results: Measurement[] = [
      { metric: "points_per_series", value: day.series.length, unit: "points" },
      { metric: "concurrency_line_10k_svg", value: line, unit: "ms", target: "≤ 300 ms", met: line <= 300 },
      { metric: "concurrency_3_panels_30k_svg", value: panels, unit: "ms" },
      { metric: "invocation_timeline_10k_bars_svg", value: timeline, unit: "ms" },
    ];
    return results;
  },
};
export default benchmark;
