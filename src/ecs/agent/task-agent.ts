import { credentialVariables, endpointVariables, type AwsAccess } from "../../core/aws-access.js";
import type { Clock } from "../../core/clock.js";
import type { ContainerSpec } from "../../engines/types.js";
import type { ContainerDefinition } from "../ecs-types.js";
import { monitorHealth } from "./health-monitor.js";
import { stopRequested, taskHealth, taskId, type ContainerRun, type TaskRecord } from "./task-record.js";

// The ECS container agent's part: run a task's containers on the engine in dependency order, watch
// them, and move the task through ECS's states. awsvpc tasks (all Fargate tasks) pass through
// PROVISIONING/ACTIVATING on the way up and DEACTIVATING/DEPROVISIONING on the way down, for their
// network interface; other tasks go PENDING → RUNNING → STOPPING → STOPPED.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html

/** What the agent needs from the session (the engine is the task's own: see TaskRecord.engine). */
export interface AgentDeps {
  clock: Clock;
  /** The session's AWS endpoint and credentials, for the SDK in a task's containers. */
  awsAccess?: () => Promise<AwsAccess>;
}

/** How a task came to stop, in ECS's words. */
export interface StopCause {
  stopCode: "TaskFailedToStart" | "EssentialContainerExited" | "UserInitiated" | "ServiceSchedulerInitiated" | "SpotInterruption" | "TerminationNotice";
  reason: string;
  /** Overrides the containers' stopTimeout, e.g. to shut a session down quickly. */
  graceMs?: number;
}

const waiters = new WeakMap<TaskRecord, Set<() => void>>();

/** Records a change: the session hears of it, and containers waiting on a dependency look again. */
function changed(record: TaskRecord): void {
  record.task.healthStatus = taskHealth(record);
  record.onChange();
  for (const wake of [...(waiters.get(record) ?? [])]) wake();
}

function setStatus(record: TaskRecord, status: string, at: number): void {
  record.task.lastStatus = status;
  record.history.push({ status, at });
  record.task.version = (record.task.version ?? 0) + 1;
  changed(record);
}

const awsvpc = (record: TaskRecord): boolean => record.definition.networkMode === "awsvpc";

/** Resolves true once `target` meets `condition`, false once it never can (ECS's container dependency rules). */
function dependencyMet(record: TaskRecord, target: ContainerRun, condition: string): Promise<boolean> {
  const verdict = (): boolean | undefined => {
    if (stopRequested(record)) return false;
    const { lastStatus, exitCode, healthStatus } = target.container;
    switch (condition) {
      case "START": return lastStatus === "RUNNING" || lastStatus === "STOPPED" ? true : undefined;
      case "COMPLETE": return lastStatus === "STOPPED" ? true : undefined;
      case "SUCCESS": return lastStatus === "STOPPED" ? exitCode === 0 : undefined;
      default: return healthStatus === "HEALTHY" ? true : lastStatus === "STOPPED" || healthStatus === "UNHEALTHY" ? false : undefined;
    }
  };
  return new Promise((resolve) => {
    const look = (): void => {
      const v = verdict();
      if (v === undefined) return;
      waiters.get(record)?.delete(look);
      resolve(v);
    };
    if (!waiters.has(record)) waiters.set(record, new Set());
    waiters.get(record)?.add(look);
    look();
  });
}

function containerSpec(record: TaskRecord, run: ContainerRun, access: AwsAccess | undefined): ContainerSpec {
  const d = run.definition;
  const family = record.definition.family ?? "task";
  const memory = d.memory ?? (record.task.memory ? Number(record.task.memory) : undefined);
  const fargate = record.task.launchType === "FARGATE";
  return {
    image: d.image ?? "",
    // The ECS agent names containers ecs-<family>-<revision>-<container>-<random>.
    name: `ecs-${family}-${record.definition.revision}-${d.name}-${taskId(record).slice(0, 12)}`,
    ...(d.command ? { command: d.command } : {}),
    ...(d.entryPoint ? { entrypoint: d.entryPoint } : {}),
    env: {
      AWS_REGION: record.task.availabilityZone?.slice(0, -1) ?? "us-east-1",
      AWS_EXECUTION_ENV: fargate ? "AWS_ECS_FARGATE" : "AWS_ECS_EC2",
      // ECS hands a task its task role's credentials through a credentials endpoint the SDK finds with
      // AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; minicloud sets the session's credentials as variables
      // instead (the SDK reads those first). The task definition's own variables still win, as on ECS.
      ...(access ? { ...endpointVariables(access), ...credentialVariables(access) } : {}),
      ...Object.fromEntries((d.environment ?? []).map((e) => [e.name ?? "", e.value ?? ""])),
    },
    ...(d.workingDirectory ? { workingDir: d.workingDirectory } : {}),
    ports: (d.portMappings ?? []).map((p) => ({ containerPort: p.containerPort ?? 0, hostPort: p.hostPort ?? 0, hostIp: record.publishIp })),
    ...(memory !== undefined ? { memoryMiB: memory } : {}),
    // Fargate caps a task's CPU; on EC2, container cpu is a relative share, not a limit.
    ...(fargate && record.task.cpu ? { cpus: Number(record.task.cpu) / 1024 } : {}),
    labels: {
      "com.amazonaws.ecs.cluster": record.cluster.arn,
      "com.amazonaws.ecs.task-arn": record.task.taskArn ?? "",
      "com.amazonaws.ecs.container-name": d.name ?? "",
      "com.amazonaws.ecs.task-definition-family": family,
      "com.amazonaws.ecs.task-definition-version": String(record.definition.revision),
    },
    ...(record.network ? { network: record.network, aliases: [d.name ?? ""] } : {}),
  };
}

async function startContainer(deps: AgentDeps, record: TaskRecord, run: ContainerRun): Promise<void> {
  const state = await record.engine.createContainer(containerSpec(record, run, await deps.awsAccess?.()));
  run.engineId = state.id;
  run.container.runtimeId = state.id;
  const started = await record.engine.startContainer(state.id);
  run.container.lastStatus = "RUNNING";
  run.container.networkBindings = started.ports.map((p) => ({ bindIP: record.address, containerPort: p.containerPort, hostPort: p.hostPort, protocol: "tcp" }));
  if (run.definition.healthCheck) {
    run.container.healthStatus = "UNKNOWN";
    run.stopHealth = monitorHealth({
      engine: record.engine,
      clock: deps.clock,
      containerId: state.id,
      check: run.definition.healthCheck,
      onChange: (status) => {
        run.container.healthStatus = status;
        changed(record);
      },
    }).stop;
  }
  changed(record);
  void record.engine.waitContainer(state.id).then(
    (exit) => containerExited(deps, record, run, exit.exitCode, exit.oomKilled),
    () => containerExited(deps, record, run, 137, false),
  );
}

async function containerExited(deps: AgentDeps, record: TaskRecord, run: ContainerRun, exitCode: number, oomKilled: boolean): Promise<void> {
  run.stopHealth?.();
  run.container.lastStatus = "STOPPED";
  run.container.exitCode = exitCode;
  if (oomKilled) run.container.reason = "OutOfMemoryError: Container killed due to memory usage";
  changed(record);
  if (run.definition.essential && !stopRequested(record)) {
    await stopTask(deps, record, { stopCode: "EssentialContainerExited", reason: "Essential container in task exited" });
  }
}

/** Starts a placed task's containers; the task ends RUNNING, or STOPPED with the reason it could not start. */
export async function startTask(deps: AgentDeps, record: TaskRecord): Promise<void> {
  const now = (): Date => new Date(deps.clock.now());
  try {
    if (awsvpc(record)) setStatus(record, "PROVISIONING", deps.clock.now());
    setStatus(record, "PENDING", deps.clock.now());
    record.task.pullStartedAt = now();
    for (const run of record.containers.values()) {
      await record.engine.inspectImage(run.definition.image ?? "").catch((error: Error) => {
        throw new Error(`CannotPullContainerError: pull image manifest failed for ${run.definition.image}: ${error.message}`);
      });
    }
    record.task.pullStoppedAt = now();
    if (record.containers.size > 1) {
      record.network = `ecs-task-${taskId(record).slice(0, 12)}`;
      await record.engine.createNetwork(record.network);
    }
    await Promise.all([...record.containers.values()].map((run) => startWhenReady(deps, record, run)));
    if (stopRequested(record)) return;
    if (awsvpc(record)) {
      setStatus(record, "ACTIVATING", deps.clock.now());
      record.task.connectivity = "CONNECTED";
      record.task.connectivityAt = now();
    }
    record.task.startedAt = now();
    setStatus(record, "RUNNING", deps.clock.now());
  } catch (error) {
    // Not awaited: stopping waits for this start to finish.
    if (!stopRequested(record)) void stopTask(deps, record, { stopCode: "TaskFailedToStart", reason: (error as Error).message });
  }
}

async function startWhenReady(deps: AgentDeps, record: TaskRecord, run: ContainerRun): Promise<void> {
  for (const dependency of run.definition.dependsOn ?? []) {
    const target = record.containers.get(dependency.containerName ?? "");
    if (!target) continue;
    if (!(await dependencyMet(record, target, dependency.condition ?? "START"))) {
      if (stopRequested(record)) return;
      throw new Error(`Container ${run.definition.name} did not start: its dependency ${target.definition.name} did not meet the ${dependency.condition} condition (exit code ${target.container.exitCode ?? "none"}, health ${target.container.healthStatus ?? "none"}).`);
    }
  }
  if (!stopRequested(record)) await startContainer(deps, record, run);
}

/** Stops a task: its containers get SIGTERM, then SIGKILL after their stopTimeout (30 s by default, as ECS). */
export function stopTask(deps: AgentDeps, record: TaskRecord, cause: StopCause): Promise<void> {
  if (record.stopped) return record.stopped;
  const now = (): Date => new Date(deps.clock.now());
  record.task.desiredStatus = "STOPPED";
  record.task.stopCode = cause.stopCode;
  record.task.stoppedReason = cause.reason;
  record.task.stoppingAt = now();
  record.stopped = (async () => {
    const wasUp = record.task.lastStatus === "RUNNING" || record.task.lastStatus === "ACTIVATING";
    if (awsvpc(record) && wasUp) setStatus(record, "DEACTIVATING", deps.clock.now());
    setStatus(record, "STOPPING", deps.clock.now());
    await record.starting;
    await Promise.all(
      [...record.containers.values()].map(async (run) => {
        run.stopHealth?.();
        if (!run.engineId) {
          run.container.lastStatus = "STOPPED";
          return;
        }
        await record.engine.stopContainer(run.engineId, cause.graceMs ?? (run.definition.stopTimeout ?? 30) * 1000).catch(() => undefined);
        const exit = await record.engine.waitContainer(run.engineId).catch(() => undefined);
        run.container.lastStatus = "STOPPED";
        run.container.exitCode ??= exit?.exitCode;
        run.logs = await record.engine.logs(run.engineId).catch(() => []);
        await record.engine.removeContainer(run.engineId, { force: true }).catch(() => undefined);
      }),
    );
    if (record.network) await record.engine.removeNetwork(record.network).catch(() => undefined);
    record.task.executionStoppedAt = now();
    if (awsvpc(record)) setStatus(record, "DEPROVISIONING", deps.clock.now());
    record.task.stoppedAt = now();
    setStatus(record, "STOPPED", deps.clock.now());
  })();
  return record.stopped;
}

/** The definitions of a task's containers, with RunTask's overrides applied. */
export function applyOverrides(definitions: ContainerDefinition[], overrides: { name?: string | undefined; command?: string[] | undefined; environment?: { name?: string | undefined; value?: string | undefined }[] | undefined }[]): ContainerDefinition[] {
  return definitions.map((d) => {
    const o = overrides.find((x) => x.name === d.name);
    if (!o) return d;
    const environment = new Map((d.environment ?? []).map((e) => [e.name, e.value]));
    for (const e of o.environment ?? []) environment.set(e.name, e.value);
    return { ...d, ...(o.command ? { command: o.command } : {}), environment: [...environment].map(([name, value]) => ({ name, value })) };
  });
}
