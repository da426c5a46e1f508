import type { TopLevelSpec } from "vega-lite";

/** One exercise's points by how it stands, for {@link progressChart}. */
export interface ProgressRow {
  /** The notebook's title or file name. */
  notebook: string;
  exercise: string;
  status: "passed" | "failed" | "not tried";
  /** The exercise's points (earned or not). */
  points: number;
}

const STATUSES = ["passed", "failed", "not tried"];
const COLOURS = ["#1a7f37", "#cf222e", "#d0d7de"];

/**
 * One bar per notebook, as long as its points, split into the points of exercises passed, failed and not
 * yet tried: how far through the course you are, and where the points still are.
 */
export function progressChart(rows: ProgressRow[], title = "Your progress: points per notebook"): TopLevelSpec {
  const order = [...new Set(rows.map((r) => r.notebook))];
  return {
    title,
    data: { values: rows.map((r) => ({ ...r, rank: STATUSES.indexOf(r.status) })) },
    mark: { type: "bar", stroke: "white", strokeWidth: 1 },
    encoding: {
      y: { field: "notebook", type: "nominal", title: null, sort: order, axis: { labelLimit: 260 } },
      x: { field: "points", type: "quantitative", aggregate: "sum", title: "points" },
      color: { field: "status", type: "nominal", title: null, scale: { domain: STATUSES, range: COLOURS }, legend: { orient: "bottom" } },
      order: { field: "rank", type: "ordinal" },
      tooltip: [{ field: "notebook" }, { field: "exercise" }, { field: "status" }, { field: "points" }],
    },
    width: 420,
  } as TopLevelSpec;
}
