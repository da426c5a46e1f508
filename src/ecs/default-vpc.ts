import { region } from "../core/arn.js";
import { invalidParameter } from "./ecs-errors.js";
import type { RunTaskRequest } from "./ecs-types.js";
import { availabilityZones } from "./clusters/instance-types.js";

// awsvpc tasks (every Fargate task) get a network interface in a subnet the caller names, and the
// subnet decides the availability zone. minicloud has one default VPC with a subnet per zone, as a new
// AWS account does; its ids are stable so notebooks can write them down.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html

/** The default VPC's subnets: one per availability zone. */
export function defaultSubnets(): { subnetId: string; availabilityZone: string }[] {
  return availabilityZones(region()).map((availabilityZone, i) => ({ subnetId: `subnet-0defa017000000${i + 1}`, availabilityZone }));
}

/** The awsvpc configuration that uses every default subnet: `networkConfiguration` for runTask and createService. */
export function defaultNetworkConfiguration(): NonNullable<RunTaskRequest["networkConfiguration"]> {
  return { awsvpcConfiguration: { subnets: defaultSubnets().map((s) => s.subnetId), assignPublicIp: "DISABLED" } };
}

/** The zones of the subnets an awsvpc task may use; throws as ECS does for a missing or unknown subnet. */
export function subnetZones(networkConfiguration: RunTaskRequest["networkConfiguration"], networkMode: string): string[] | undefined {
  if (networkMode !== "awsvpc") {
    if (networkConfiguration) throw invalidParameter("Network Configuration is not valid for the given networkMode of this task definition.", "networkConfiguration");
    return undefined;
  }
  const subnets = networkConfiguration?.awsvpcConfiguration?.subnets;
  if (!subnets || subnets.length === 0) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified. Pass networkConfiguration: cloud.ecs.defaultNetworkConfiguration() to use the default VPC's subnets.", "networkConfiguration");
  }
  const known = new Map(defaultSubnets().map((s) => [s.subnetId, s.availabilityZone]));
  return subnets.map((id, i) => {
    const zone = known.get(id);
    if (!zone) throw invalidParameter(`Error retrieving subnet information for [${id}]: The subnet ID '${id}' does not exist. The default VPC's subnets are ${[...known.keys()].join(", ")}.`, `networkConfiguration.awsvpcConfiguration.subnets[${i}]`);
    return zone;
  });
}
