import { placementChart, taskTimelineChart, type PlacementRow, type TaskStateRow } from "../viz/ecs-charts.js";
import { vegaLiteBundle } from "../viz/vega-lite.js";
import type { Displayable } from "../viz/mime-bundle.js";
import type { ClusterRecord } from "./clusters/cluster-store.js";
import type { EcsState } from "./ecs-state.js";

/** A chart together with the rows it draws, so a notebook can both show it and compute with it. */
export interface Picture<Row> extends Displayable {
  rows: Row[];
}

const short = (arn: string | undefined): string => (arn ?? "").split("/").pop()?.slice(0, 8) ?? "";

/** Where the cluster's live tasks run: one row per task, and one per empty instance. */
export function clusterPicture(state: EcsState, cluster: ClusterRecord): Picture<PlacementRow> {
  const rows: PlacementRow[] = [];
  for (const instance of cluster.instances.values()) {
    if (instance.model.status === "INACTIVE") continue;
    const name = `${instance.model.ec2InstanceId.slice(0, 7)}… (${instance.instanceType})`;
    const tasks = [...state.tasks.values()].filter((t) => t.instance === instance && t.task.desiredStatus === "RUNNING");
    if (tasks.length === 0) rows.push({ instance: name, availabilityZone: instance.availabilityZone, group: "(no task)", task: "" });
    for (const t of tasks) rows.push({ instance: name, availabilityZone: instance.availabilityZone, group: t.task.group ?? "", task: short(t.task.taskArn) });
  }
  return { rows, toMimeBundle: () => vegaLiteBundle(placementChart(rows, `Cluster ${cluster.name}: tasks on container instances`)) };
}

/** How each task of the cluster (or of one group) moved through its states, in seconds from the first. */
export function taskTimeline(state: EcsState, cluster: ClusterRecord, group: string | undefined): Picture<TaskStateRow> {
  const tasks = [...state.tasks.values()].filter((t) => t.cluster === cluster && (group === undefined || t.task.group === group) && t.history.length > 0);
  const start = Math.min(...tasks.map((t) => t.history[0]?.at ?? Infinity));
  const now = state.clock.now();
  const rows: TaskStateRow[] = [];
  for (const t of tasks) {
    t.history.forEach((h, i) => {
      if (h.status === "STOPPED") return;
      const end = t.history[i + 1]?.at ?? now;
      rows.push({ task: short(t.task.taskArn), status: h.status, from: (h.at - start) / 1000, to: (end - start) / 1000 });
    });
  }
  return { rows, toMimeBundle: () => vegaLiteBundle(taskTimelineChart(rows)) };
}
