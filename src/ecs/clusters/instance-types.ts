import { EC2_ON_DEMAND, type InstanceType } from "../../pricing/price-tables.js";
import { invalidParameter } from "../ecs-errors.js";

/**
 * Memory an ECS container instance keeps for the operating system and the agent. ECS registers the
 * memory the OS reports, a little below the instance's nominal size, and `ECS_RESERVED_MEMORY` can
 * hold back more; minicloud models both as this fixed amount so the numbers are easy to predict.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html
 */
export const RESERVED_MEMORY_MIB = 256;

/** The availability zones of minicloud's region, in the order instances are spread over them. */
export function availabilityZones(region: string): string[] {
  return [`${region}a`, `${region}b`, `${region}c`];
}

/** CPU units (1024 per vCPU) and MiB an instance type registers with its cluster. */
export function registeredResources(instanceType: string, field = "instanceType"): { cpu: number; memory: number } {
  const spec = (EC2_ON_DEMAND.instances as Record<string, { vcpu: number; memoryGiB: number } | undefined>)[instanceType];
  if (!spec) {
    throw invalidParameter(`Unknown instance type ${JSON.stringify(instanceType)}. Use one of ${Object.keys(EC2_ON_DEMAND.instances).join(", ")}.`, field);
  }
  return { cpu: spec.vcpu * 1024, memory: spec.memoryGiB * 1024 - RESERVED_MEMORY_MIB };
}

/** The instance types minicloud knows (those the pricing module prices). */
export const INSTANCE_TYPES = Object.keys(EC2_ON_DEMAND.instances) as InstanceType[];
