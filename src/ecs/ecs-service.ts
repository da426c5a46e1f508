import type { AwsAccess } from "../core/aws-access.js";
import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { createRandom, type Random } from "../core/random.js";
import type { ContainerEngine } from "../engines/types.js";
import { stopTask } from "./agent/task-agent.js";
import type { TaskRecord } from "./agent/task-record.js";
import { ClusterStore, describeCluster, type ClusterRecord, type LaunchInstancesRequest } from "./clusters/cluster-store.js";
import { describeInstance } from "./clusters/container-instance.js";
import { defaultNetworkConfiguration, defaultSubnets } from "./default-vpc.js";
import { ecsBill, type EcsBill } from "./ecs-bill.js";
import { invalidParameter } from "./ecs-errors.js";
import { RESERVED_MEMORY_MIB } from "./clusters/instance-types.js";
import { copy, type EcsState } from "./ecs-state.js";
import type { Attribute, Cluster, ContainerInstance, Failure, RegisterTaskDefinitionRequest, RunTaskRequest, Task, TaskDefinition } from "./ecs-types.js";
import { parseClusterQuery } from "./placement/cluster-query.js";
import { clusterPicture, taskTimeline, type Picture } from "./pictures.js";
import type { PlacementRow, TaskStateRow } from "../viz/ecs-charts.js";
import { ServiceScheduler } from "./services/service-scheduler.js";
import { TaskDefinitionStore } from "./task-definitions/task-definition-store.js";
import { checkRunTask, launchTasks, requestStop } from "./tasks-api.js";
import { waitFor } from "./waiters.js";

/** Options for {@link createEcs}. */
export interface EcsOptions {
  engine: ContainerEngine;
  clock: Clock;
  sessionId: string;
  /** Seeds ids and random placement, so a run repeats exactly. */
  seed?: number;
  /** Connects to another Docker engine (a DOCKER_HOST value), for container instances that are whole machines. */
  connectDockerHost?: (dockerHost: string) => ContainerEngine;
  /** Where the session's AWS services answer, and credentials: tasks' containers get them as variables. */
  awsAccess?: () => Promise<AwsAccess>;
}

const isLive = (r: TaskRecord): boolean => r.task.lastStatus !== "STOPPED";
const pending = (r: TaskRecord): boolean => ["PROVISIONING", "PENDING", "ACTIVATING"].includes(r.task.lastStatus ?? "");

/** Amazon ECS on minicloud: create one with `Cloud.start()` and use `cloud.ecs`. */
export function createEcs(options: EcsOptions) {
  const random: Random = createRandom(options.seed ?? (parseInt(options.sessionId.slice(0, 8), 16) || 1));
  let eni = 0;
  const eniBase = 180 + (parseInt(options.sessionId.slice(0, 4), 16) % 60);
  const state: EcsState = {
    engine: options.engine,
    clock: options.clock,
    random,
    taskDefinitions: new TaskDefinitionStore(options.clock),
    clusters: new ClusterStore(options.clock, random, options.sessionId),
    tasks: new Map(),
    taskListeners: new Set(),
    ...(options.awsAccess ? { awsAccess: options.awsAccess } : {}),
    nextEniAddress: () => {
      const n = eni++;
      return `127.${eniBase}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
    },
  };
  const services = new ServiceScheduler(state);
  const connected = new Set<ContainerEngine>();
  const tasksOf = (cluster: ClusterRecord): TaskRecord[] => [...state.tasks.values()].filter((t) => t.cluster === cluster);
  const findTask = (cluster: ClusterRecord, ref: string): TaskRecord | undefined =>
    state.tasks.get(ref) ?? tasksOf(cluster).find((t) => t.task.taskArn?.endsWith(`/${ref}`));
  const clusterView = (c: ClusterRecord): Cluster =>
    describeCluster(c, { running: tasksOf(c).filter((t) => t.task.lastStatus === "RUNNING").length, pending: tasksOf(c).filter(pending).length, services: services.activeCount(c) });
  const instanceView = (c: ClusterRecord, arn: string): ContainerInstance => {
    const record = state.clusters.instance(c, arn);
    const on = tasksOf(c).filter((t) => t.instance === record);
    return describeInstance(record, { running: on.filter((t) => t.task.lastStatus === "RUNNING").length, pending: on.filter(pending).length });
  };

  const ecs = {
    /** The default VPC's subnets (one per availability zone), for awsvpc tasks. */
    defaultSubnets,
    /** `networkConfiguration` that puts awsvpc tasks in the default VPC's subnets. */
    defaultNetworkConfiguration,

    /** Registers a new revision of a task definition family. */
    async registerTaskDefinition(request: RegisterTaskDefinitionRequest): Promise<{ taskDefinition: TaskDefinition }> {
      return { taskDefinition: state.taskDefinitions.register(request) };
    },
    /** A task definition by family (latest active revision), family:revision or ARN. */
    async describeTaskDefinition(request: { taskDefinition: string }): Promise<{ taskDefinition: TaskDefinition }> {
      return { taskDefinition: copy(state.taskDefinitions.get(request?.taskDefinition)) };
    },
    /** Marks a revision INACTIVE: what runs keeps running; nothing new may use it. */
    async deregisterTaskDefinition(request: { taskDefinition: string }): Promise<{ taskDefinition: TaskDefinition }> {
      return { taskDefinition: state.taskDefinitions.deregister(request?.taskDefinition) };
    },
    /** Task definition ARNs, oldest first. */
    async listTaskDefinitions(request: { familyPrefix?: string; status?: "ACTIVE" | "INACTIVE"; sort?: "ASC" | "DESC" } = {}): Promise<{ taskDefinitionArns: string[] }> {
      return { taskDefinitionArns: state.taskDefinitions.list(request) };
    },
    /** Task definition family names. */
    async listTaskDefinitionFamilies(request: { familyPrefix?: string; status?: "ACTIVE" | "INACTIVE" | "ALL" } = {}): Promise<{ families: string[] }> {
      return { families: state.taskDefinitions.families(request) };
    },

    /** Creates a cluster (or returns the active one of that name). */
    async createCluster(request: { clusterName?: string } = {}): Promise<{ cluster: Cluster }> {
      return { cluster: clusterView(state.clusters.create(request.clusterName)) };
    },
    /** Deletes a cluster that has no container instances, services or tasks left. */
    async deleteCluster(request: { cluster: string }): Promise<{ cluster: Cluster }> {
      const cluster = state.clusters.get(request?.cluster);
      if ([...cluster.instances.values()].some((i) => i.model.status !== "INACTIVE")) {
        throw new MinicloudError("ClusterContainsContainerInstancesException", "The Cluster cannot be deleted while Container Instances are active or draining. Deregister them first.", { field: "cluster" });
      }
      if (services.activeCount(cluster) > 0) throw new MinicloudError("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active. Delete the services first.", { field: "cluster" });
      if (tasksOf(cluster).some(isLive)) throw new MinicloudError("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active. Stop the tasks first.", { field: "cluster" });
      state.clusters.remove(cluster);
      return { cluster: clusterView(cluster) };
    },
    /** Clusters by name or ARN; unknown ones come back as failures, as ECS does. */
    async describeClusters(request: { clusters?: string[] } = {}): Promise<{ clusters: Cluster[]; failures: Failure[] }> {
      const clusters: Cluster[] = [];
      const failures: Failure[] = [];
      for (const ref of request.clusters ?? ["default"]) {
        const name = ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
        const found = state.clusters.all().find((c) => c.name === name);
        if (found) clusters.push(clusterView(found));
        else failures.push({ arn: ref, reason: "MISSING" });
      }
      return { clusters, failures };
    },
    /** ARNs of the active clusters. */
    async listClusters(): Promise<{ clusterArns: string[] }> {
      return { clusterArns: state.clusters.all().filter((c) => c.status === "ACTIVE").map((c) => c.arn) };
    },

    /**
     * Launches EC2 container instances into a cluster: minicloud's stand-in for starting instances of
     * the ECS-optimized AMI, whose agent registers them. On docker and process engines each is a share
     * of this machine with its own loopback address; they go round the zones a, b, c.
     */
    async launchContainerInstances(request: LaunchInstancesRequest = {}): Promise<{ containerInstances: ContainerInstance[] }> {
      const cluster = state.clusters.get(request.cluster);
      const records = state.clusters.launch(request);
      services.clusterChanged(cluster);
      return { containerInstances: records.map((r) => instanceView(cluster, r.model.arn)) };
    },
    /**
     * Registers a whole Docker engine (`unix:///…` or `tcp://HOST:2375`) as one container instance of the
     * cluster, as the ECS agent on that machine would: it registers the machine's CPUs and memory, and its
     * tasks run there — for a class whose labs outgrow one machine. Images must exist on that engine.
     */
    async registerContainerInstance(request: { cluster?: string; dockerHost: string; instanceType?: string; availabilityZone?: string; attributes?: Record<string, string> }): Promise<{ containerInstance: ContainerInstance }> {
      const cluster = state.clusters.get(request?.cluster);
      if (!options.connectDockerHost) throw invalidParameter("This session cannot reach other Docker engines; start it with Cloud.start().", "dockerHost");
      const engine = options.connectDockerHost(request.dockerHost);
      const host = await engine.hostResources?.().catch((error: Error) => {
        throw invalidParameter(`The Docker engine at ${request.dockerHost} did not answer: ${error.message}`, "dockerHost");
      });
      if (!host) throw invalidParameter(`The engine at ${request.dockerHost} does not tell its CPUs and memory.`, "dockerHost");
      const remote = /^tcp:\/\/([^:/]+)/.exec(request.dockerHost)?.[1];
      const address = remote ?? state.clusters.nextLocalAddress(cluster);
      const record = state.clusters.registerEngine(cluster, {
        engine,
        address,
        publishIp: remote ? "0.0.0.0" : address,
        cpu: host.cpus * 1024,
        memory: Math.floor(host.memoryBytes / (1024 * 1024)) - RESERVED_MEMORY_MIB,
        instanceType: request.instanceType ?? "docker-host",
        ...(request.availabilityZone ? { availabilityZone: request.availabilityZone } : {}),
        ...(request.attributes ? { attributes: request.attributes } : {}),
      });
      connected.add(engine);
      services.clusterChanged(cluster);
      return { containerInstance: instanceView(cluster, record.model.arn) };
    },
    /** Container instance ARNs, optionally filtered by status or a cluster query expression. */
    async listContainerInstances(request: { cluster?: string; filter?: string; status?: "ACTIVE" | "DRAINING" } = {}): Promise<{ containerInstanceArns: string[] }> {
      const cluster = state.clusters.get(request.cluster);
      const query = request.filter === undefined ? () => true : parseClusterQuery(request.filter);
      const arns = [...cluster.instances.values()]
        .filter((i) => i.model.status !== "INACTIVE" && (request.status === undefined || i.model.status === request.status) && query(i.model))
        .map((i) => i.model.arn);
      return { containerInstanceArns: arns };
    },
    /** Container instances with registered and remaining resources, attributes and task counts. */
    async describeContainerInstances(request: { cluster?: string; containerInstances: string[] }): Promise<{ containerInstances: ContainerInstance[]; failures: Failure[] }> {
      const cluster = state.clusters.get(request?.cluster);
      const containerInstances: ContainerInstance[] = [];
      const failures: Failure[] = [];
      for (const ref of request.containerInstances ?? []) {
        try {
          containerInstances.push(instanceView(cluster, ref));
        } catch {
          failures.push({ arn: ref, reason: "MISSING" });
        }
      }
      return { containerInstances, failures };
    },
    /** Sets custom attributes on container instances, for memberOf constraints and spread strategies. */
    async putAttributes(request: { cluster?: string; attributes: Attribute[] }): Promise<{ attributes: Attribute[] }> {
      return { attributes: state.clusters.putAttributes(state.clusters.get(request?.cluster), request.attributes ?? []) };
    },
    /**
     * DRAINING: no new tasks go to the instances, and services move their tasks elsewhere; ACTIVE undoes it.
     */
    async updateContainerInstancesState(request: { cluster?: string; containerInstances: string[]; status: "ACTIVE" | "DRAINING" }): Promise<{ containerInstances: ContainerInstance[] }> {
      const cluster = state.clusters.get(request?.cluster);
      if (request.status !== "ACTIVE" && request.status !== "DRAINING") throw invalidParameter(`status must be "ACTIVE" or "DRAINING"; got ${JSON.stringify(request.status)}.`, "status");
      const records = (request.containerInstances ?? []).map((ref, i) => state.clusters.instance(cluster, ref, `containerInstances[${i}]`));
      for (const r of records) r.model.status = request.status;
      services.clusterChanged(cluster);
      return { containerInstances: records.map((r) => instanceView(cluster, r.model.arn)) };
    },
    /** Takes an instance out of the cluster; with `force`, its tasks are stopped too (as terminating the instance would). */
    async deregisterContainerInstance(request: { cluster?: string; containerInstance: string; force?: boolean }): Promise<{ containerInstance: ContainerInstance }> {
      const cluster = state.clusters.get(request?.cluster);
      const record = state.clusters.instance(cluster, request.containerInstance);
      const running = tasksOf(cluster).filter((t) => t.instance === record && isLive(t));
      if (running.length > 0 && !request.force) {
        throw invalidParameter(`The container instance has ${running.length} tasks running. Stop them, drain the instance, or pass force: true.`, "containerInstance");
      }
      for (const t of running) requestStop(state, t, "UserInitiated", "Container instance deregistration forced by user");
      record.model.status = "INACTIVE";
      record.model.agentConnected = false;
      services.clusterChanged(cluster);
      return { containerInstance: instanceView(cluster, record.model.arn) };
    },

    /** Starts tasks from a task definition (at most 10 per call); those that fit nowhere come back as failures. */
    async runTask(request: RunTaskRequest): Promise<{ tasks: Task[]; failures: Failure[] }> {
      const cluster = state.clusters.get(request?.cluster);
      const { records, failures } = launchTasks(state, checkRunTask(state, request, cluster));
      return { tasks: records.map((r) => copy(r.task)), failures };
    },
    /** Stops a task: it returns at once with desiredStatus STOPPED, and the task reaches STOPPED soon after. */
    async stopTask(request: { cluster?: string; task: string; reason?: string }): Promise<{ task: Task }> {
      const cluster = state.clusters.get(request?.cluster);
      const record = findTask(cluster, request.task);
      if (!record) throw invalidParameter(`The referenced task was not found: ${request.task}.`, "task");
      return { task: requestStop(state, record, "UserInitiated", request.reason ?? "Task stopped by user") };
    },
    /** Tasks by ARN or id, with containers, exit codes and stop reasons. */
    async describeTasks(request: { cluster?: string; tasks: string[] }): Promise<{ tasks: Task[]; failures: Failure[] }> {
      const cluster = state.clusters.get(request?.cluster);
      const tasks: Task[] = [];
      const failures: Failure[] = [];
      for (const ref of request.tasks ?? []) {
        const record = findTask(cluster, ref);
        if (record) tasks.push(copy(record.task));
        else failures.push({ arn: ref, reason: "MISSING" });
      }
      return { tasks, failures };
    },
    /** Task ARNs of a cluster, RUNNING ones by default (desiredStatus), filtered as ListTasks allows. */
    async listTasks(request: { cluster?: string; family?: string; serviceName?: string; startedBy?: string; containerInstance?: string; desiredStatus?: "RUNNING" | "STOPPED"; launchType?: "EC2" | "FARGATE" } = {}): Promise<{ taskArns: string[] }> {
      const cluster = state.clusters.get(request.cluster);
      const instance = request.containerInstance === undefined ? undefined : state.clusters.instance(cluster, request.containerInstance);
      const group = request.serviceName === undefined ? undefined : `service:${request.serviceName}`;
      const taskArns = tasksOf(cluster)
        .filter((t) => (t.task.desiredStatus ?? "RUNNING") === (request.desiredStatus ?? "RUNNING"))
        .filter((t) => request.family === undefined || t.definition.family === request.family)
        .filter((t) => group === undefined || t.task.group === group)
        .filter((t) => request.startedBy === undefined || t.task.startedBy === request.startedBy)
        .filter((t) => instance === undefined || t.instance === instance)
        .filter((t) => request.launchType === undefined || t.task.launchType === request.launchType)
        .map((t) => t.task.taskArn ?? "");
      return { taskArns };
    },
    /** What a stopped or running task's container printed. */
    async containerLogs(request: { cluster?: string; task: string; containerName: string }): Promise<string[]> {
      const record = findTask(state.clusters.get(request?.cluster), request.task);
      const run = record?.containers.get(request.containerName);
      if (!record || !run) throw invalidParameter(`No container ${request.containerName} in task ${request.task}.`, "containerName");
      const lines = run.engineId && !record.stopped ? await state.engine.logs(run.engineId) : run.logs;
      return lines.map((l) => l.text);
    },

    /** Waits until every task is RUNNING (fails if one stops first), as the SDK's tasksRunning waiter. */
    waitUntilTasksRunning(request: { cluster?: string; tasks: string[] }, timeoutMs = 120_000): Promise<Task[]> {
      return waitFor(state, request.tasks, timeoutMs, "TasksRunning", (t) => (t.lastStatus === "RUNNING" ? true : t.lastStatus === "STOPPED" ? `task ${t.taskArn} stopped: ${t.stoppedReason}` : false), (ref) => findTask(state.clusters.get(request.cluster), ref));
    },
    /** Waits until every task is STOPPED, as the SDK's tasksStopped waiter. */
    waitUntilTasksStopped(request: { cluster?: string; tasks: string[] }, timeoutMs = 120_000): Promise<Task[]> {
      return waitFor(state, request.tasks, timeoutMs, "TasksStopped", (t) => t.lastStatus === "STOPPED", (ref) => findTask(state.clusters.get(request.cluster), ref));
    },

    ...services.api(),

    /** A chart of where the cluster's tasks run: zones, instances, tasks coloured by service (`.rows` has the data). */
    clusterPicture(request: { cluster?: string } = {}): Picture<PlacementRow> {
      return clusterPicture(state, state.clusters.get(request.cluster));
    },
    /** A timeline of the cluster's tasks (or one service's) through PENDING, RUNNING, STOPPING… (`.rows` has the data). */
    taskTimeline(request: { cluster?: string; serviceName?: string } = {}): Picture<TaskStateRow> {
      return taskTimeline(state, state.clusters.get(request.cluster), request.serviceName === undefined ? undefined : `service:${request.serviceName}`);
    },

    /** What the session's Fargate tasks and EC2 container instances have cost so far. */
    bill(): EcsBill {
      return ecsBill(state);
    },

    /** Stops every task and service of the session and removes their containers. */
    async shutdown(): Promise<void> {
      services.shutdown();
      await Promise.all([...state.tasks.values()].map((t) => stopTask(state, t, { stopCode: "UserInitiated", reason: "minicloud session shut down", graceMs: 2000 })));
      // Whatever is left of this session on other Docker hosts goes too.
      await Promise.all([...connected].map((engine) => engine.shutdown().catch(() => undefined)));
    },
  };
  return ecs;
}

/** minicloud's Amazon ECS: task definitions, clusters, container instances, tasks and services. */
export type Ecs = ReturnType<typeof createEcs>;
