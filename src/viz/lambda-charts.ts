import type { TopLevelSpec } from "vega-lite";

/** One invocation on one execution environment, for {@link invocationTimelineChart}. */
export interface InvocationRow {
  /** Which execution environment ran it. */
  environment: number | string;
  /** When the event arrived, ms from the start. */
  startMs: number;
  /** INIT time before the handler ran; 0 for a warm start. */
  initMs: number;
  durationMs: number;
  cold: boolean;
}

const PHASES = ["INIT (cold start)", "handler after a cold start", "handler, warm"];
const PHASE_COLOURS = ["#d62728", "#ff9896", "#1f77b4"];

/**
 * A timeline with one row per execution environment: each invocation is a bar, its INIT drawn apart,
 * so you see which events started cold, which reused a warm environment, and when a new one was needed.
 */
export function invocationTimelineChart(rows: InvocationRow[], title = "Invocations on execution environments"): TopLevelSpec {
  const values: { environment: string; phase: string; from: number; to: number }[] = [];
  for (const r of rows) {
    const environment = `env ${r.environment}`;
    const runFrom = (r.startMs + r.initMs) / 1000;
    if (r.cold && r.initMs > 0) values.push({ environment, phase: PHASES[0]!, from: r.startMs / 1000, to: runFrom });
    values.push({ environment, phase: r.cold ? PHASES[1]! : PHASES[2]!, from: runFrom, to: runFrom + r.durationMs / 1000 });
  }
  return {
    title,
    data: { values },
    mark: { type: "bar", height: { band: 0.7 } },
    encoding: {
      y: { field: "environment", type: "nominal", title: "execution environment", sort: { field: "from", op: "min" } },
      x: { field: "from", type: "quantitative", title: "seconds" },
      x2: { field: "to" },
      color: { field: "phase", type: "nominal", title: null, scale: { domain: PHASES, range: PHASE_COLOURS }, legend: { orient: "bottom", labelLimit: 300 } },
      tooltip: [{ field: "environment" }, { field: "phase" }, { field: "from", format: ".3f" }, { field: "to", format: ".3f" }],
    },
    width: 460,
  } as TopLevelSpec;
}

/** One point of a concurrency series, for {@link concurrencyChart}. */
export interface ConcurrencyPoint {
  timeMs: number;
  /** The most invocations running at once in the interval. */
  concurrency: number;
  /** Events refused (429) in the interval (the throttle panel shows when given). */
  throttles?: number;
  /** Events that started a new execution environment in the interval (the cold-start panel shows when given). */
  coldStarts?: number;
  /** Which function, when several are drawn. */
  function?: string;
}

/** A time unit for a chart's x axis: the one that keeps the numbers readable for the span drawn. */
function timeUnit(points: { timeMs: number }[]): { divisor: number; title: string } {
  const span = points.length === 0 ? 0 : points[points.length - 1]!.timeMs - points[0]!.timeMs;
  if (span > 6 * 3_600_000) return { divisor: 3_600_000, title: "hours" };
  if (span > 10 * 60_000) return { divisor: 60_000, title: "minutes" };
  return { divisor: 1000, title: "seconds" };
}

/**
 * Concurrency over time with the limit drawn as a line, and below it the throttled events (and cold
 * starts, when given): concurrency follows the load until it meets the limit, then the excess is refused.
 */
export function concurrencyChart(points: ConcurrencyPoint[], options: { limit?: number; title?: string } = {}): TopLevelSpec {
  const unit = timeUnit(points);
  const values = points.map((p) => ({ time: p.timeMs / unit.divisor, concurrency: p.concurrency, throttles: p.throttles ?? 0, coldStarts: p.coldStarts ?? 0, function: p.function ?? "" }));
  const x = { field: "time", type: "quantitative", title: unit.title } as const;
  // Colour by function only when there are several: grouping a single series costs drawing time for nothing.
  const several = new Set(values.map((v) => v.function)).size > 1;
  const colour = several ? { color: { field: "function", type: "nominal", title: null, legend: { orient: "bottom" } } } : {};
  const top: object[] = [{ mark: { type: "line", interpolate: "step-after" }, encoding: { x, y: { field: "concurrency", type: "quantitative", title: "concurrent executions" }, ...colour } }];
  if (options.limit !== undefined) {
    top.push({ data: { values: [{ limit: options.limit }] }, mark: { type: "rule", strokeDash: [4, 4], color: "#cf222e" }, encoding: { y: { field: "limit", type: "quantitative" } } });
  }
  const panels: object[] = [{ width: 460, height: 160, layer: top }];
  // Step lines, not bars or areas, for the counts: one path per panel and no stacking keeps a
  // 10,000-point series quick to draw.
  const counts = [
    { field: "coldStarts", title: "cold starts", color: "#ff7f0e" },
    { field: "throttles", title: "throttles (429)", color: "#cf222e" },
  ] as const;
  for (const c of counts) {
    if (!points.some((p) => p[c.field] !== undefined)) continue;
    // A panel of zeros still needs a readable axis: "0 of 1", not a collapsed domain.
    const none = values.every((v) => v[c.field] === 0);
    const y = { field: c.field, type: "quantitative", title: c.title, axis: { tickMinStep: 1, format: "d" }, ...(none ? { scale: { domain: [0, 1] } } : {}) };
    panels.push({ width: 460, height: 70, mark: { type: "line", interpolate: "step-after", color: c.color }, encoding: { x, y } });
  }
  return { title: options.title ?? "Concurrency follows the load, up to the limit", data: { values }, vconcat: panels } as TopLevelSpec;
}
