import { MinicloudError } from "../core/errors.js";
import { createRandom } from "../core/random.js";
import { registeredResources } from "../ecs/clusters/instance-types.js";
import type { PlacementStrategy } from "../ecs/ecs-types.js";
import { release, type InstanceModel } from "../ecs/placement/instance-model.js";
import { checkConstraints, checkStrategies, placeTasks } from "../ecs/placement/place-tasks.js";
import { isFargateSize } from "../ecs/task-definitions/fargate-sizes.js";
import { ec2Cost, fargateCost } from "../pricing/calculators.js";
import type { InstanceType } from "../pricing/price-tables.js";
import { arrivalTimes, type ArrivalPattern } from "./arrivals.js";
import { ecsSimResult, type EcsSimPoint, type EcsSimResult } from "./ecs-sim-result.js";
import { EventHeap } from "./event-heap.js";

/** A service in an ECS simulation: how many tasks, how big, and how they are placed. */
export interface SimulatedService {
  name: string;
  desiredCount: number;
  /** CPU units (1,024 = one vCPU) and MiB each task reserves. */
  cpu: number;
  memory: number;
  placementStrategy?: PlacementStrategy[];
}

/** Options for {@link simulateEcs}. */
export interface EcsSimOptions {
  /** EC2 (default): tasks on the cluster's container instances, which are what you pay for. FARGATE: no instances; each task is billed. */
  launchType?: "EC2" | "FARGATE";
  /** The cluster's container instances (EC2 launch type). */
  instances?: { count: number; instanceType?: InstanceType };
  services: SimulatedService[];
  /** How long to run, in ms. */
  durationMs: number;
  /** Time from placing a task to its RUNNING (image pull and start; default 10 s). */
  taskStartMs?: number;
  /**
   * When tasks fail, e.g. `{ type: "poisson", perSecond: 100 / 3600 }` for 100 an hour at random, or a
   * `trace` of times: each failure stops one task at random, and its service starts a replacement.
   */
  taskFailures?: ArrivalPattern;
  /** When container instances fail: each terminates one instance at random, with its tasks (EC2 only). */
  instanceFailures?: ArrivalPattern;
  /** How long until a terminated instance is replaced, as an Auto Scaling group would (default 2 minutes). */
  instanceReplacementMs?: number;
  /** Time between points of the series (default: 60 points over the run). */
  sampleEveryMs?: number;
  seed?: number;
}

interface SimTask {
  service: number;
  instance: InstanceModel | undefined;
  placedAt: number;
  runningAt: number;
  stoppedAt: number | undefined;
}

function bad(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", `${field} ${message}`, { field });
}

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

/**
 * Runs ECS services for hours of virtual time with failures injected at a rate: minicloud's own
 * placement (`placeTasks`, the strategies and constraints of `cloud.ecs`) decides where each task and
 * each replacement goes, as the service scheduler does when a task or an instance fails; the bill
 * follows Fargate's and EC2's rules. 10,000 tasks on 1,000 instances take well under a second.
 * Deterministic for a seed.
 * @example simulateEcs({ instances: { count: 10, instanceType: "m5.large" }, services: [{ name: "web", desiredCount: 30, cpu: 256, memory: 512 }], durationMs: 3_600_000, taskFailures: { type: "poisson", perSecond: 20 / 3600 } })
 */
export function simulateEcs(options: EcsSimOptions): EcsSimResult {
  const { durationMs } = options;
  if (!(Number.isFinite(durationMs) && durationMs > 0)) throw bad("durationMs", `must be a number of milliseconds above 0; got ${durationMs}.`);
  const fargate = options.launchType === "FARGATE";
  if (options.launchType !== undefined && !fargate && options.launchType !== "EC2") throw bad("launchType", `must be "EC2" or "FARGATE"; got ${JSON.stringify(options.launchType)}.`);
  const instanceCount = fargate ? 0 : (options.instances?.count ?? Number.NaN);
  if (!fargate && !(Number.isInteger(instanceCount) && instanceCount >= 0)) throw bad("instances.count", `must be a whole number of container instances; got ${options.instances?.count}.`);
  if (!Array.isArray(options.services) || options.services.length === 0) throw bad("services", "must list at least one service.");
  const instanceType = options.instances?.instanceType ?? "m5.large";
  const capacity = fargate ? { cpu: 0, memory: 0 } : registeredResources(instanceType, "instances.instanceType");
  const services = options.services.map((s, i) => {
    if (!(Number.isInteger(s.desiredCount) && s.desiredCount >= 0)) throw bad(`services[${i}].desiredCount`, `must be a whole number of tasks; got ${s.desiredCount}.`);
    if (!(Number.isInteger(s.cpu) && s.cpu >= 0 && Number.isInteger(s.memory) && s.memory > 0)) throw bad(`services[${i}].memory`, `cpu must be whole CPU units and memory whole MiB above 0; got cpu ${s.cpu}, memory ${s.memory}.`);
    if (fargate && !isFargateSize(s.cpu, s.memory)) throw bad(`services[${i}].cpu`, `${s.cpu} CPU units with ${s.memory} MiB is not a Fargate task size (e.g. 256 with 512, 1024 with 2048).`);
    return { ...s, group: `service:${s.name}`, strategies: checkStrategies(s.placementStrategy, `services[${i}].placementStrategy`), constraints: checkConstraints([]) };
  });
  const seed = options.seed ?? 1;
  const random = createRandom(seed);
  const startMs = options.taskStartMs ?? 10_000;
  const replaceAfter = options.instanceReplacementMs ?? 120_000;
  const step = options.sampleEveryMs ?? durationMs / 60;
  if (!(step > 0)) throw bad("sampleEveryMs", `must be above 0; got ${step}.`);
  const none: ArrivalPattern = { type: "trace", timestampsMs: [] };
  const taskFailureTimes = arrivalTimes(options.taskFailures ?? none, durationMs, createRandom(seed + 1), "taskFailures");
  if (fargate && options.instanceFailures !== undefined) throw bad("instanceFailures", "applies to the EC2 launch type only: Fargate tasks run on no instance of yours.");
  const instanceFailureTimes = arrivalTimes(options.instanceFailures ?? none, durationMs, createRandom(seed + 2), "instanceFailures");

  // The cluster: instances (alive first, then terminated, kept for the bill) and tasks.
  const active: InstanceModel[] = [];
  const instanceLife: { launchedAt: number; terminatedAt: number | undefined }[] = [];
  const lifeOf = new Map<InstanceModel, number>();
  const tasksOn = new Map<InstanceModel, Set<number>>();
  const launch = (at: number): void => {
    const n = instanceLife.length;
    const model: InstanceModel = {
      arn: `container-instance/sim/${n}`, ec2InstanceId: `i-${random.hex(17)}`, status: "ACTIVE", agentConnected: true, agentVersion: "1.0.0", registeredAt: at,
      registeredCpu: capacity.cpu, registeredMemory: capacity.memory, remainingCpu: capacity.cpu, remainingMemory: capacity.memory,
      usedPorts: new Set(), groupCounts: new Map(), taskGroups: new Set(), runningTasksCount: 0,
      attributes: new Map([["ecs.availability-zone", ZONES[n % 3]], ["ecs.instance-type", instanceType]]),
    };
    active.push(model);
    lifeOf.set(model, n);
    tasksOn.set(model, new Set());
    instanceLife.push({ launchedAt: at, terminatedAt: undefined });
  };
  for (let i = 0; i < instanceCount; i++) launch(0);

  const tasks: SimTask[] = [];
  // Live tasks in an array with swap-removal, so a failure picks a victim at random in O(1).
  const live: number[] = [];
  const slot = new Map<number, number>();
  const unplaced = new Int32Array(services.length);
  const starting = new EventHeap();
  let pending = 0;

  const place = (service: number, count: number, at: number): void => {
    const s = services[service]!;
    let placed: (InstanceModel | undefined)[];
    if (fargate) placed = new Array<undefined>(count).fill(undefined);
    else placed = placeTasks({ instances: active, demand: { cpu: s.cpu, memory: s.memory, ports: [], group: s.group }, count, strategies: s.strategies, constraints: s.constraints, random }).placed;
    unplaced[service]! += count - placed.length;
    for (const instance of placed) {
      const id = tasks.length;
      tasks.push({ service, instance, placedAt: at, runningAt: at + startMs, stoppedAt: undefined });
      if (instance) tasksOn.get(instance)!.add(id);
      slot.set(id, live.length);
      live.push(id);
      starting.push(at + startMs, id);
      pending++;
    }
  };
  const stop = (id: number, at: number): void => {
    const task = tasks[id]!;
    task.stoppedAt = at;
    if (task.runningAt > at) pending--;
    const s = services[task.service]!;
    if (task.instance) {
      release(task.instance, { cpu: s.cpu, memory: s.memory, ports: [], group: s.group });
      tasksOn.get(task.instance)!.delete(id);
    }
    const where = slot.get(id)!;
    const last = live.pop()!;
    if (last !== id) {
      live[where] = last;
      slot.set(last, where);
    }
    slot.delete(id);
  };
  // The service scheduler's answer to anything that stopped: place what is missing, where it fits.
  const topUp = (at: number): void => {
    for (let s = 0; s < services.length; s++) {
      const missing = unplaced[s]!;
      if (missing === 0) continue;
      unplaced[s] = 0;
      place(s, missing, at);
    }
  };

  services.forEach((s, i) => place(i, s.desiredCount, 0));

  const series: EcsSimPoint[] = [];
  let taskFailures = 0;
  let instanceFailures = 0;
  const replacements: number[] = [];
  let nextTaskFailure = 0;
  let nextInstanceFailure = 0;
  let nextReplacement = 0;
  const costSoFar = (at: number): number => {
    let total = 0;
    if (fargate) {
      for (const t of tasks) {
        if (t.placedAt > at) continue;
        const s = services[t.service]!;
        total += fargateCost({ vcpu: s.cpu / 1024, memoryGB: s.memory / 1024, durationSeconds: (Math.min(at, t.stoppedAt ?? at) - t.placedAt) / 1000 }).total;
      }
    } else {
      for (const life of instanceLife) {
        const seconds = Math.max(60, Math.ceil((Math.min(at, life.terminatedAt ?? at) - life.launchedAt) / 1000));
        total += ec2Cost({ instanceType, hours: seconds / 3600 }).total;
      }
    }
    return total;
  };

  for (let sampleAt = 0; ; ) {
    // The next thing to happen: a task reaching RUNNING, a failure, a replacement instance, or a sample.
    const candidates = [starting.peekTime(), taskFailureTimes[nextTaskFailure] ?? Infinity, instanceFailureTimes[nextInstanceFailure] ?? Infinity, replacements[nextReplacement] ?? Infinity, sampleAt <= durationMs ? sampleAt : Infinity];
    const at = Math.min(...candidates);
    if (at === Infinity || at > durationMs) break;
    const kind = candidates.indexOf(at);
    if (kind === 0) {
      const id = starting.peekId();
      starting.pop();
      if (tasks[id]!.stoppedAt === undefined) pending--;
    } else if (kind === 1) {
      nextTaskFailure++;
      const victim = live[Math.floor(random.next() * live.length)];
      if (victim !== undefined) {
        stop(victim, at);
        unplaced[tasks[victim]!.service]!++;
        taskFailures++;
        topUp(at);
      }
    } else if (kind === 2) {
      nextInstanceFailure++;
      const victim = active[Math.floor(random.next() * active.length)];
      if (victim) {
        for (const id of [...tasksOn.get(victim)!]) {
          stop(id, at);
          unplaced[tasks[id]!.service]!++;
        }
        victim.status = "INACTIVE";
        active.splice(active.indexOf(victim), 1);
        instanceLife[lifeOf.get(victim)!]!.terminatedAt = at;
        instanceFailures++;
        replacements.push(at + replaceAfter);
        topUp(at);
      }
    } else if (kind === 3) {
      nextReplacement++;
      launch(at);
      topUp(at);
    } else {
      series.push({ timeMs: at, running: live.length - pending, pending: pending + unplaced.reduce((a, b) => a + b, 0), instances: active.length, failures: taskFailures + instanceFailures, cost: costSoFar(at) });
      sampleAt += step;
    }
  }

  return ecsSimResult({ series, active, tasksStarted: tasks.length, taskFailures, instanceFailures, launchType: fargate ? "FARGATE" : "EC2", instanceType, total: costSoFar(durationMs) });
}
