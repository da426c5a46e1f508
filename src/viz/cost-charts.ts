import type { TopLevelSpec } from "vega-lite";

/** One point of one cost curve, for {@link costCurvesChart}. */
export interface CostPoint {
  /** The quantity on the x axis: requests a month, tasks, utilization… */
  x: number;
  /** The way of hosting this curve prices, e.g. "Lambda" or "EC2 (m5.large)". */
  hosting: string;
  /** Dollars. */
  cost: number;
}

/** Where two curves cross, for {@link costCurvesChart}. */
export interface BreakEven {
  x: number;
  cost: number;
  /** What crosses, e.g. "Lambda = server". */
  label: string;
}

/** Axis titles and scales for {@link costCurvesChart}. */
export interface CostChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Log scales, for curves that span orders of magnitude. */
  logX?: boolean;
  logY?: boolean;
}

/**
 * Cost curves of several ways of hosting the same work, with their break-even points marked and
 * labelled: left of a crossing one is cheaper, right of it the other.
 */
export function costCurvesChart(points: CostPoint[], breakEvens: BreakEven[] = [], options: CostChartOptions = {}): TopLevelSpec {
  const x = { field: "x", type: "quantitative", title: options.xTitle ?? "requests per month", scale: options.logX ? { type: "log" } : { zero: false } } as const;
  const y = { field: "cost", type: "quantitative", title: options.yTitle ?? "$ per month", scale: options.logY ? { type: "log" } : {} } as const;
  const layer: object[] = [
    {
      data: { values: points },
      mark: { type: "line", interpolate: "linear" },
      encoding: { x, y, color: { field: "hosting", type: "nominal", title: null, legend: { orient: "bottom", columns: 1, labelLimit: 400 } }, tooltip: [{ field: "hosting" }, { field: "x" }, { field: "cost", format: "$.2f" }] },
    },
  ];
  if (breakEvens.length > 0) {
    layer.push(
      { data: { values: breakEvens }, mark: { type: "point", shape: "diamond", size: 90, filled: true, color: "black" }, encoding: { x, y, tooltip: [{ field: "label" }, { field: "x", format: ",.0f" }, { field: "cost", format: "$.2f" }] } },
      { data: { values: breakEvens }, mark: { type: "text", align: "left", dx: 7, dy: -8, fontSize: 11 }, encoding: { x, y, text: { field: "label" } } },
    );
  }
  return { title: options.title ?? "Cost as the workload grows", width: 440, height: 240, layer } as TopLevelSpec;
}

/** One measured (or modelled) start, for {@link startTimeChart}. */
export interface StartTimeRow {
  /** What was started: "process", "container", "VM"… */
  kind: string;
  startMs: number;
  /** "measured" on this machine, or "model" for what could not be run here (a VM boot). */
  source?: string;
}

/**
 * How long each way of running code takes to start: a bar for the median of each kind and a tick per
 * run, on a log scale, because a VM boot and a process start differ by orders of magnitude.
 */
export function startTimeChart(rows: StartTimeRow[], title = "Time to start: process, container, VM"): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, source: r.source ?? "measured" }));
  const y = { field: "kind", type: "nominal", title: null, sort: { field: "startMs", op: "median" } } as const;
  const x = { field: "startMs", type: "quantitative", title: "ms to start (log scale)", scale: { type: "log" } } as const;
  return {
    title,
    data: { values },
    width: 420,
    height: { step: 36 },
    layer: [
      { mark: { type: "bar", opacity: 0.5 }, encoding: { y, x: { ...x, aggregate: "median", stack: null }, color: { field: "source", type: "nominal", title: null } } },
      { mark: { type: "tick", thickness: 2 }, encoding: { y, x, color: { field: "source", type: "nominal", title: null }, tooltip: [{ field: "kind" }, { field: "startMs", format: ".1f" }, { field: "source" }] } },
    ],
  } as TopLevelSpec;
}
