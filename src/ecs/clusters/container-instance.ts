import { arn } from "../../core/arn.js";
import type { ContainerEngine } from "../../engines/types.js";
import type { Attribute, ContainerInstance, Resource } from "../ecs-types.js";
import type { InstanceModel } from "../placement/instance-model.js";

/** The ports ECS reserves on every container instance for SSH, Docker and the agent. */
export const RESERVED_PORTS = [22, 2375, 2376, 51678, 51679];

/** A container instance as minicloud keeps it: the scheduler's model plus what DescribeContainerInstances shows. */
export interface InstanceRecord {
  model: InstanceModel;
  cluster: string;
  instanceType: string;
  availabilityZone: string;
  /** The instance's IP: a loopback address of its own on a share of the local engine, or the Docker host's address. */
  address: string;
  /** Where its tasks' ports are published: the address, or 0.0.0.0 on a Docker host reached over the network. */
  publishIp: string;
  /** A whole Docker engine this instance is (registerContainerInstance); absent for a share of the session's engine. */
  engine?: ContainerEngine;
  registeredAt: number;
  /** Attributes set with putAttributes (the built-in ones are in the model too). */
  customAttributes: Set<string>;
}

/** The attributes the ECS agent registers on its own. */
export function builtInAttributes(instanceType: string, availabilityZone: string): [string, string | undefined][] {
  return [
    ["ecs.instance-type", instanceType],
    ["ecs.availability-zone", availabilityZone],
    ["ecs.os-type", "linux"],
    ["ecs.os-family", "LINUX"],
    ["ecs.cpu-architecture", "x86_64"],
    ["ecs.ami-id", "ami-0minicloud00000001"],
    ["com.amazonaws.ecs.capability.docker-remote-api.1.44", undefined],
    ["ecs.capability.container-health-check", undefined],
    ["ecs.capability.container-ordering", undefined],
    ["ecs.capability.task-eni", undefined],
  ];
}

/** A new instance's ARN: `arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<32 hex>`. */
export function containerInstanceArn(cluster: string, id: string): string {
  return arn("ecs", `container-instance/${cluster}/${id}`);
}

function resources(cpu: number, memory: number, ports: number[]): Resource[] {
  return [
    { name: "CPU", type: "INTEGER", integerValue: cpu, doubleValue: 0, longValue: 0 },
    { name: "MEMORY", type: "INTEGER", integerValue: memory, doubleValue: 0, longValue: 0 },
    { name: "PORTS", type: "STRINGSET", stringSetValue: ports.map(String), doubleValue: 0, longValue: 0, integerValue: 0 },
    { name: "PORTS_UDP", type: "STRINGSET", stringSetValue: [], doubleValue: 0, longValue: 0, integerValue: 0 },
  ];
}

/** The instance in DescribeContainerInstances' shape; task counts come from the caller. */
export function describeInstance(record: InstanceRecord, counts: { running: number; pending: number }): ContainerInstance {
  const m = record.model;
  const attributes: Attribute[] = [...m.attributes.entries()].map(([name, value]) => (value === undefined ? { name } : { name, value }));
  return {
    containerInstanceArn: m.arn,
    ec2InstanceId: m.ec2InstanceId,
    status: m.status,
    agentConnected: m.agentConnected,
    registeredResources: resources(m.registeredCpu, m.registeredMemory, RESERVED_PORTS),
    remainingResources: resources(m.remainingCpu, m.remainingMemory, [...RESERVED_PORTS, ...m.usedPorts].sort((a, b) => a - b)),
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    attributes,
    registeredAt: new Date(record.registeredAt),
    versionInfo: { agentVersion: m.agentVersion, dockerVersion: "DockerVersion: 25.0.0" },
    version: 1,
  };
}
