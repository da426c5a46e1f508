import { requestStop, launchTasks } from "../tasks-api.js";
import { checkedContainers, type TaskRecord } from "../agent/task-record.js";
import type { EcsState } from "../ecs-state.js";
import { addEvent, circuitBreakerThreshold, newDeployment } from "./deployments.js";
import { rolloutStep, type RolloutTask } from "./rollout.js";
import * as say from "./service-events.js";
import { serviceGroup, type DeploymentRecord, type ServiceRecord } from "./service-record.js";

const HEALTH_REASON = "Task failed container health checks";
/** The longest the scheduler waits between attempts to start tasks that keep failing. */
const MAX_BACKOFF_MS = 60_000;

/** RUNNING, and HEALTHY too when it has health checks to pass. */
function isHealthy(t: TaskRecord): boolean {
  return t.task.lastStatus === "RUNNING" && (checkedContainers(t).length === 0 || t.task.healthStatus === "HEALTHY");
}

/**
 * Counts the deployment's tasks that failed: they could not start, their essential container exited
 * before the task ran, or they failed their health checks. Counted as soon as they are told to stop,
 * so a task still STOPPING already holds its launch back.
 */
function countFailures(state: EcsState, record: ServiceRecord, tasks: TaskRecord[]): void {
  for (const t of tasks) {
    const arn = t.task.taskArn ?? "";
    if (t.task.desiredStatus !== "STOPPED" || record.countedFailures.has(arn)) continue;
    record.countedFailures.add(arn);
    const failed = t.task.stopCode === "TaskFailedToStart" || (t.task.stopCode === "EssentialContainerExited" && !t.task.startedAt) || t.task.stoppedReason === HEALTH_REASON;
    const deployment = record.deployments.find((d) => d.deployment.id === t.task.startedBy);
    if (failed && deployment) {
      deployment.deployment.failedTasks = (deployment.deployment.failedTasks ?? 0) + 1;
      record.failuresInARow += 1;
      // Tasks that keep failing to start are retried ever more slowly, as ECS throttles them.
      record.launchNotBefore = state.clock.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (record.failuresInARow - 1));
      if (record.failuresInARow === 3) addEvent(state, record, `(service ${record.service.serviceName}) is unable to consistently start tasks successfully.`);
    } else if (t.task.startedAt) {
      record.failuresInARow = 0;
    }
  }
}

function updateCounts(state: EcsState, record: ServiceRecord, live: TaskRecord[]): void {
  const now = new Date(state.clock.now());
  for (const d of record.deployments) {
    const mine = live.filter((t) => t.task.startedBy === d.deployment.id);
    d.deployment.runningCount = mine.filter((t) => t.task.lastStatus === "RUNNING").length;
    d.deployment.pendingCount = mine.length - d.deployment.runningCount;
    d.deployment.updatedAt = now;
  }
  record.service.runningCount = live.filter((t) => t.task.lastStatus === "RUNNING").length;
  record.service.pendingCount = live.length - record.service.runningCount;
}

/** After a rollout: old deployments with no tasks left are dropped, and the steady state is announced once. */
function settle(state: EcsState, record: ServiceRecord, live: TaskRecord[]): void {
  const primary = record.deployments[0] as DeploymentRecord;
  record.deployments = record.deployments.filter((d) => d === primary || live.some((t) => t.task.startedBy === d.deployment.id));
  const mine = live.filter((t) => t.task.startedBy === primary.deployment.id);
  const done = record.deployments.length === 1 && mine.length === (primary.deployment.desiredCount ?? 0) && mine.every(isHealthy);
  if (done && primary.deployment.rolloutState === "IN_PROGRESS") {
    primary.deployment.rolloutState = "COMPLETED";
    primary.deployment.rolloutStateReason = `ECS deployment ${primary.deployment.id} completed.`;
    record.lastCompleted = primary;
    addEvent(state, record, say.deploymentCompleted(record.service.serviceName ?? "", primary.deployment.id ?? ""));
  }
  if (done && !record.steady) {
    record.steady = true;
    addEvent(state, record, say.steadyState(record.service.serviceName ?? ""));
  }
  record.service.deployments = record.deployments.map((d) => d.deployment);
}

/** The circuit breaker: too many failed tasks end the deployment, and roll back if asked. */
function circuitBreaker(state: EcsState, record: ServiceRecord): void {
  const primary = record.deployments[0] as DeploymentRecord;
  const { enable, rollback } = record.settings.circuitBreaker;
  if (!enable || primary.deployment.rolloutState !== "IN_PROGRESS") return;
  if ((primary.deployment.failedTasks ?? 0) < circuitBreakerThreshold(primary.deployment.desiredCount ?? 0)) return;
  const name = record.service.serviceName ?? "";
  primary.deployment.rolloutState = "FAILED";
  primary.deployment.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
  addEvent(state, record, say.deploymentFailed(name, primary.deployment.id ?? ""));
  if (rollback && record.lastCompleted) {
    const target = record.lastCompleted;
    newDeployment(state, record, target.definition);
    addEvent(state, record, say.rollingBack(name, target.deployment.id ?? ""));
  }
}

/** Which instances a DAEMON service should have a task on, and the rollout step that gets it there. */
function daemonStep(record: ServiceRecord, live: TaskRecord[], primaryId: string): { startOn: string[]; stop: TaskRecord[] } {
  const eligible = [...record.cluster.instances.values()].filter((i) => i.model.status === "ACTIVE");
  const stop = live.filter((t) => !t.instance || t.instance.model.status !== "ACTIVE");
  const startOn: string[] = [];
  for (const instance of eligible) {
    const here = live.filter((t) => t.instance === instance);
    const current = here.filter((t) => t.task.startedBy === primaryId);
    // A daemon never runs two tasks on one instance (maximumPercent 100): the old one goes first.
    if (current.length === 0 && here.length === 0) startOn.push(instance.model.ec2InstanceId);
    stop.push(...here.filter((t) => t.task.startedBy !== primaryId), ...current.slice(1));
  }
  record.service.desiredCount = eligible.length;
  for (const d of record.deployments) if (d.deployment.status === "PRIMARY") d.deployment.desiredCount = eligible.length;
  return { startOn, stop };
}

/**
 * One pass of the service scheduler over one service: replace unhealthy tasks, move tasks off
 * draining instances, roll out the primary deployment, count failures, announce the steady state.
 * Returns when it wants to look again even if nothing happens (a back-off or a grace period ending).
 */
export async function reconcile(state: EcsState, record: ServiceRecord): Promise<number | undefined> {
  if (record.service.status === "INACTIVE") return undefined;
  const name = record.service.serviceName ?? "";
  const all = [...state.tasks.values()].filter((t) => t.cluster === record.cluster && t.task.group === serviceGroup(record));
  countFailures(state, record, all);
  let wakeAt: number | undefined;
  const now = state.clock.now();
  const stop = (tasks: TaskRecord[], reason: string): void => {
    if (tasks.length === 0) return;
    for (const t of tasks) requestStop(state, t, "ServiceSchedulerInitiated", reason);
    addEvent(state, record, say.stoppedTasks(name, tasks.map((t) => t.task.taskArn ?? "")));
    record.steady = false;
  };
  const graceMs = (record.service.healthCheckGracePeriodSeconds ?? 0) * 1000;
  const unhealthy = all.filter((t) => t.task.desiredStatus === "RUNNING" && t.task.healthStatus === "UNHEALTHY");
  for (const t of unhealthy) {
    const since = t.task.startedAt?.getTime() ?? now;
    if (now - since < graceMs) wakeAt = Math.min(wakeAt ?? Infinity, since + graceMs);
    else {
      addEvent(state, record, say.failedHealthChecks(name, t.task.taskArn ?? ""));
      stop([t], HEALTH_REASON);
    }
  }
  let live = all.filter((t) => t.task.desiredStatus === "RUNNING");
  if (record.service.status === "DRAINING") {
    stop(live, "Service is being deleted");
    if (all.every((t) => t.task.lastStatus === "STOPPED")) record.service.status = "INACTIVE";
    updateCounts(state, record, live.filter((t) => t.task.desiredStatus === "RUNNING"));
    return undefined;
  }

  circuitBreaker(state, record);
  const primary = record.deployments[0] as DeploymentRecord;
  const primaryId = primary.deployment.id ?? "";
  const launch = (count: number, constraints = record.service.placementConstraints ?? []): void => {
    if (count <= 0) return;
    if (now < record.launchNotBefore) {
      wakeAt = Math.min(wakeAt ?? Infinity, record.launchNotBefore);
      return;
    }
    try {
      const { records, failures } = launchTasks(state, {
        cluster: record.cluster,
        definition: primary.definition,
        count,
        launchType: (record.service.launchType as "EC2" | "FARGATE") ?? "EC2",
        group: serviceGroup(record),
        startedBy: primaryId,
        strategies: record.service.placementStrategy ?? [],
        constraints,
        networkConfiguration: record.service.networkConfiguration,
        overrides: undefined,
      });
      if (records.length > 0) addEvent(state, record, say.startedTasks(name, records.map((r) => r.task.taskArn ?? "")));
      if (records.length < count) addEvent(state, record, say.unableToPlace(name, failures));
    } catch (error) {
      addEvent(state, record, `(service ${name}) was unable to start tasks: ${(error as Error).message}`);
    }
    record.steady = false;
  };

  if (record.service.schedulingStrategy === "DAEMON") {
    const { startOn, stop: leave } = daemonStep(record, live, primaryId);
    stop(leave, `Scaling activity initiated by (deployment ${primaryId})`);
    for (const id of startOn) launch(1, [...(record.service.placementConstraints ?? []), { type: "memberOf", expression: `ec2InstanceId == ${id}` }]);
  } else if (primary.deployment.rolloutState !== "FAILED") {
    // Counted once: with thousands of tasks, counting per task would be quadratic.
    const perZone = new Map<string | undefined, number>();
    const perInstance = new Map<unknown, number>();
    for (const t of live) {
      perZone.set(t.task.availabilityZone, (perZone.get(t.task.availabilityZone) ?? 0) + 1);
      perInstance.set(t.instance, (perInstance.get(t.instance) ?? 0) + 1);
    }
    const tasks: RolloutTask[] = live.map((t) => ({
      id: t.task.taskArn ?? "",
      primary: t.task.startedBy === primaryId,
      healthy: isHealthy(t),
      draining: t.instance !== undefined && t.instance.model.status !== "ACTIVE",
      zoneLoad: perZone.get(t.task.availabilityZone) ?? 0,
      instanceLoad: perInstance.get(t.instance) ?? 0,
      createdAt: t.task.createdAt?.getTime() ?? 0,
    }));
    const step = rolloutStep(tasks, record.service.desiredCount ?? 0, record.settings.minimumHealthyPercent, record.settings.maximumPercent);
    const stopping = new Set(step.stop);
    stop(live.filter((t) => stopping.has(t.task.taskArn ?? "")), `Scaling activity initiated by (deployment ${primaryId})`);
    launch(step.start);
  }
  live = [...state.tasks.values()].filter((t) => t.cluster === record.cluster && t.task.group === serviceGroup(record) && t.task.desiredStatus === "RUNNING");
  updateCounts(state, record, live);
  settle(state, record, live);
  return wakeAt;
}
