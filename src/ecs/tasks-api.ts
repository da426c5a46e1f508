import { startTask, stopTask, applyOverrides } from "./agent/task-agent.js";
import type { TaskRecord } from "./agent/task-record.js";
import type { ClusterRecord } from "./clusters/cluster-store.js";
import { subnetZones } from "./default-vpc.js";
import { clientException, invalidParameter } from "./ecs-errors.js";
import type { Failure, PlacementConstraint, PlacementStrategy, RunTaskRequest, Task, TaskDefinition } from "./ecs-types.js";
import { copy, type EcsState } from "./ecs-state.js";
import { release } from "./placement/instance-model.js";
import { checkConstraints, checkStrategies, placeTasks } from "./placement/place-tasks.js";
import { newTaskRecord, taskDemand } from "./task-launcher.js";

/** What launching tasks needs beyond RunTask's request: services pass their own group and startedBy. */
export interface Launch {
  cluster: ClusterRecord;
  definition: TaskDefinition;
  count: number;
  launchType: "EC2" | "FARGATE";
  group: string;
  startedBy: string | undefined;
  strategies: PlacementStrategy[] | undefined;
  constraints: PlacementConstraint[] | undefined;
  networkConfiguration: RunTaskRequest["networkConfiguration"];
  overrides: RunTaskRequest["overrides"];
}

/** Where a task is reached, and where its ports are published (see TaskRecord). */
function addresses(state: EcsState, definition: TaskDefinition, instance: TaskRecord["instance"]): { address: string; publishIp: string } {
  if (instance?.engine && instance.publishIp !== instance.address) return { address: instance.address, publishIp: instance.publishIp };
  const address = definition.networkMode === "awsvpc" || !instance ? state.nextEniAddress() : instance.address;
  return { address, publishIp: address };
}

/** Places and starts tasks; returns the new records and ECS's failures for those that found no place. */
export function launchTasks(state: EcsState, l: Launch): { records: TaskRecord[]; failures: Failure[] } {
  const containers = applyOverrides(l.definition.containerDefinitions ?? [], l.overrides?.containerOverrides ?? []);
  const demand = taskDemand(l.definition, containers, l.group);
  const zones = subnetZones(l.networkConfiguration, l.definition.networkMode ?? "bridge");
  const placements: { instance: TaskRecord["instance"]; zone: string }[] = [];
  let failures: Failure[] = [];
  if (l.launchType === "FARGATE") {
    // Fargate spreads a group's tasks over the subnets' zones; there are no instances to choose.
    const perZone = new Map((zones ?? []).map((zone) => [zone, 0]));
    for (const t of state.tasks.values()) {
      const zone = t.task.availabilityZone ?? "";
      if (!t.stopped && t.demand.group === l.group && perZone.has(zone)) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
    }
    for (let n = 0; n < l.count; n++) {
      const [zone] = [...perZone].reduce((best, entry) => (entry[1] < best[1] ? entry : best));
      perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      placements.push({ instance: undefined, zone });
    }
  } else {
    const instances = [...l.cluster.instances.values()];
    if (instances.length === 0) throw invalidParameter("No Container Instances were found in your cluster. Launch some with launchContainerInstances, or use launchType FARGATE.", "cluster");
    const byArn = new Map(instances.map((i) => [i.model.arn, i]));
    const zoneConstraint: PlacementConstraint[] = zones ? [{ type: "memberOf", expression: `attribute:ecs.availability-zone in [${zones.join(", ")}]` }] : [];
    const result = placeTasks({
      instances: instances.map((i) => i.model),
      demand,
      count: l.count,
      strategies: checkStrategies(l.strategies),
      constraints: checkConstraints([...(l.definition.placementConstraints ?? []), ...(l.constraints ?? []), ...zoneConstraint] as PlacementConstraint[]),
      random: state.random,
    });
    for (const model of result.placed) {
      const instance = byArn.get(model.arn);
      placements.push({ instance, zone: instance?.availabilityZone ?? "" });
    }
    failures = result.failures;
  }
  const records = placements.map(({ instance, zone }) => {
    const record = newTaskRecord({
      definition: l.definition,
      containers,
      cluster: l.cluster,
      instance,
      engine: state.engine,
      launchType: l.launchType,
      demand,
      availabilityZone: zone,
      ...addresses(state, l.definition, instance),
      startedBy: l.startedBy,
      clock: state.clock,
      random: state.random,
      onChange: () => taskChanged(state, record),
    });
    state.tasks.set(record.task.taskArn ?? "", record);
    record.starting = startTask(state, record);
    return record;
  });
  return { records, failures };
}

function taskChanged(state: EcsState, record: TaskRecord): void {
  // A stopped task gives its CPU, memory and ports back to the instance, once.
  if (record.task.lastStatus === "STOPPED" && record.instance && !record.released) {
    record.released = true;
    release(record.instance.model, record.demand);
  }
  for (const listener of state.taskListeners) listener(record);
}

/** The checks RunTask makes before it places anything. */
export function checkRunTask(state: EcsState, request: RunTaskRequest, cluster: ClusterRecord): Launch {
  if (typeof request?.taskDefinition !== "string") throw invalidParameter("taskDefinition is required: give family, family:revision or the ARN.", "taskDefinition");
  const definition = state.taskDefinitions.get(request.taskDefinition);
  if (definition.status !== "ACTIVE") throw clientException(`TaskDefinition is inactive: ${definition.taskDefinitionArn} was deregistered, so new tasks cannot use it.`, "taskDefinition");
  const count = request.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) throw invalidParameter(`count must be a whole number from 1 to 10 (RunTask starts at most 10 tasks per call); got ${JSON.stringify(count)}.`, "count");
  const launchType = request.launchType ?? "EC2";
  if (launchType !== "EC2" && launchType !== "FARGATE") throw invalidParameter(`launchType must be "EC2" or "FARGATE"; got ${JSON.stringify(launchType)}.`, "launchType");
  if (!definition.compatibilities?.includes(launchType)) throw invalidParameter(`Task definition does not support launch_type ${launchType}.`, "launchType");
  if (launchType === "EC2" && definition.requiresCompatibilities?.length && !definition.requiresCompatibilities.includes("EC2")) {
    throw invalidParameter("Task definition does not support launch_type EC2.", "launchType");
  }
  if (launchType === "FARGATE" && (request.placementStrategy?.length || request.placementConstraints?.length)) {
    throw invalidParameter("Task placement strategies and constraints are not supported for tasks using the Fargate launch type.", request.placementStrategy?.length ? "placementStrategy" : "placementConstraints");
  }
  if (request.startedBy !== undefined && !/^[a-zA-Z0-9_/-]{1,128}$/.test(request.startedBy)) {
    throw invalidParameter("startedBy takes up to 128 letters, numbers, hyphens, forward slashes and underscores.", "startedBy");
  }
  for (const [i, o] of (request.overrides?.containerOverrides ?? []).entries()) {
    if (!definition.containerDefinitions?.some((c) => c.name === o.name)) {
      throw invalidParameter(`containerOverrides names container ${JSON.stringify(o.name)}, which the task definition does not have.`, `overrides.containerOverrides[${i}].name`);
    }
  }
  return {
    cluster,
    definition,
    count,
    launchType,
    group: request.group ?? `family:${definition.family}`,
    startedBy: request.startedBy,
    // Standalone tasks are placed at random unless told otherwise.
    strategies: request.placementStrategy ?? [{ type: "random" }],
    constraints: request.placementConstraints,
    networkConfiguration: request.networkConfiguration,
    overrides: request.overrides,
  };
}

/** Stops a task the way StopTask does: returns at once with desiredStatus STOPPED; the agent does the rest. */
export function requestStop(state: EcsState, record: TaskRecord, stopCode: "UserInitiated" | "ServiceSchedulerInitiated", reason: string): Task {
  void stopTask(state, record, { stopCode, reason });
  return copy(record.task);
}
