import { arn } from "../core/arn.js";
import type { Clock } from "../core/clock.js";
import type { ContainerEngine } from "../engines/types.js";
import type { Random } from "../core/random.js";
import type { ClusterRecord } from "./clusters/cluster-store.js";
import type { InstanceRecord } from "./clusters/container-instance.js";
import type { ContainerDefinition, TaskDefinition } from "./ecs-types.js";
import type { TaskDemand } from "./placement/instance-model.js";
import type { TaskRecord } from "./agent/task-record.js";

/**
 * What a task takes from an instance: task-level cpu/memory when set, else the sum over containers
 * (memory is the hard limit, or the soft reservation when only that is given); fixed host ports in
 * bridge and host mode (awsvpc tasks have their own address, so they take no instance ports).
 */
export function taskDemand(definition: TaskDefinition, containers: ContainerDefinition[], group: string): TaskDemand {
  const cpu = definition.cpu ? Number(definition.cpu) : containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const memory = definition.memory ? Number(definition.memory) : containers.reduce((sum, c) => sum + (c.memory ?? c.memoryReservation ?? 0), 0);
  const ports = definition.networkMode === "awsvpc" ? [] : containers.flatMap((c) => (c.portMappings ?? []).map((p) => p.hostPort ?? 0).filter((p) => p > 0));
  return { cpu, memory, ports, group };
}

/** Everything a new task record needs. */
export interface NewTask {
  definition: TaskDefinition;
  containers: ContainerDefinition[];
  cluster: ClusterRecord;
  instance: InstanceRecord | undefined;
  /** The session's engine, used unless the instance brings its own. */
  engine: ContainerEngine;
  launchType: "EC2" | "FARGATE";
  demand: TaskDemand;
  availabilityZone: string;
  address: string;
  publishIp: string;
  startedBy: string | undefined;
  clock: Clock;
  random: Random;
  onChange: () => void;
}

/** A task record in its first state (PROVISIONING or PENDING is set by the agent). */
export function newTaskRecord(n: NewTask): TaskRecord {
  const id = n.random.hex(32);
  const taskArn = arn("ecs", `task/${n.cluster.name}/${id}`);
  const record: TaskRecord = {
    definition: n.definition,
    cluster: n.cluster,
    instance: n.instance,
    engine: n.instance?.engine ?? n.engine,
    demand: n.demand,
    address: n.address,
    publishIp: n.publishIp,
    network: undefined,
    starting: undefined,
    released: false,
    history: [],
    stopped: undefined,
    onChange: n.onChange,
    containers: new Map(),
    task: {
      taskArn,
      clusterArn: n.cluster.arn,
      taskDefinitionArn: n.definition.taskDefinitionArn,
      ...(n.instance ? { containerInstanceArn: n.instance.model.arn } : {}),
      launchType: n.launchType,
      ...(n.launchType === "FARGATE" ? { platformVersion: "1.4.0", platformFamily: "Linux" } : {}),
      cpu: String(n.demand.cpu),
      memory: String(n.demand.memory),
      lastStatus: "PROVISIONING",
      desiredStatus: "RUNNING",
      group: n.demand.group,
      ...(n.startedBy ? { startedBy: n.startedBy } : {}),
      availabilityZone: n.availabilityZone,
      createdAt: new Date(n.clock.now()),
      healthStatus: "UNKNOWN",
      version: 1,
      containers: [],
      attachments: [],
      overrides: { containerOverrides: [] },
      tags: [],
    },
  };
  if (n.definition.networkMode === "awsvpc") {
    record.task.attachments = [
      {
        id: n.random.hex(8) + "-" + n.random.hex(4) + "-" + n.random.hex(4) + "-" + n.random.hex(4) + "-" + n.random.hex(12),
        type: "ElasticNetworkInterface",
        status: "ATTACHED",
        details: [
          { name: "networkInterfaceId", value: `eni-${n.random.hex(17)}` },
          { name: "privateIPv4Address", value: n.address },
        ],
      },
    ];
  }
  for (const definition of n.containers) {
    const container = {
      containerArn: arn("ecs", `container/${n.cluster.name}/${id}/${n.random.hex(8)}-${n.random.hex(4)}-${n.random.hex(4)}-${n.random.hex(4)}-${n.random.hex(12)}`),
      taskArn,
      name: definition.name,
      image: definition.image,
      lastStatus: "PENDING",
      cpu: String(definition.cpu ?? 0),
      ...(definition.memory !== undefined ? { memory: String(definition.memory) } : {}),
      ...(definition.memoryReservation !== undefined ? { memoryReservation: String(definition.memoryReservation) } : {}),
      networkBindings: [],
      networkInterfaces: n.definition.networkMode === "awsvpc" ? [{ privateIpv4Address: n.address }] : [],
      ...(definition.healthCheck ? { healthStatus: "UNKNOWN" as const } : {}),
    };
    record.task.containers?.push(container);
    record.containers.set(definition.name ?? "", { definition, engineId: undefined, container, stopHealth: undefined, logs: [] });
  }
  return record;
}
