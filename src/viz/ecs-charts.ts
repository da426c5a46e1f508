import type { TopLevelSpec } from "vega-lite";

/** One task on one container instance, for {@link placementChart}. */
export interface PlacementRow {
  /** A short name for the instance, e.g. "i-0abc… (t3.medium)". */
  instance: string;
  availabilityZone: string;
  /** What to colour the task by: its service or group. */
  group: string;
  task: string;
}

/**
 * The picture of a cluster: one column per availability zone, one bar per container instance, one
 * block per task, coloured by service. Instances with no task still show, as an empty slot.
 */
export function placementChart(rows: PlacementRow[], title = "Tasks on container instances"): TopLevelSpec {
  return {
    title,
    data: { values: rows.map((r) => ({ ...r, count: r.task ? 1 : 0 })) },
    mark: { type: "bar", stroke: "white", strokeWidth: 1 },
    encoding: {
      column: { field: "availabilityZone", type: "nominal", title: "availability zone" },
      x: { field: "instance", type: "nominal", title: null, axis: { labelAngle: -30 } },
      y: { field: "count", type: "quantitative", aggregate: "sum", title: "tasks", axis: { tickMinStep: 1 } },
      color: { field: "group", type: "nominal", title: "service / group" },
      tooltip: [{ field: "task" }, { field: "instance" }, { field: "group" }],
    },
    resolve: { scale: { x: "independent" } },
    width: { step: 40 },
    height: 160,
  } as TopLevelSpec;
}

/** One stretch of time a task spent in one state, for {@link taskTimelineChart}. */
export interface TaskStateRow {
  task: string;
  status: string;
  /** Seconds since the first row's start. */
  from: number;
  to: number;
}

const STATUS_ORDER = ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING"];

/** A timeline with one row per task: how long it spent PENDING, RUNNING, STOPPING… */
export function taskTimelineChart(rows: TaskStateRow[], title = "Task states over time"): TopLevelSpec {
  return {
    title,
    data: { values: rows },
    mark: { type: "bar", height: { band: 0.7 } },
    encoding: {
      y: { field: "task", type: "nominal", title: "task", sort: { field: "from", op: "min" } },
      x: { field: "from", type: "quantitative", title: "seconds" },
      x2: { field: "to" },
      color: { field: "status", type: "nominal", title: "lastStatus", sort: STATUS_ORDER, scale: { domain: STATUS_ORDER } },
      tooltip: [{ field: "task" }, { field: "status" }, { field: "from" }, { field: "to" }],
    },
    width: 420,
  } as TopLevelSpec;
}
