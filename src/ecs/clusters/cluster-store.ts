import { arn, region } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { Random } from "../../core/random.js";
import type { ContainerEngine } from "../../engines/types.js";
import type { Attribute, Cluster } from "../ecs-types.js";
import { clusterNotFound, invalidParameter } from "../ecs-errors.js";
import { builtInAttributes, containerInstanceArn, type InstanceRecord } from "./container-instance.js";
import { availabilityZones, registeredResources } from "./instance-types.js";

const CLUSTER_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/** A cluster as minicloud keeps it. */
export interface ClusterRecord {
  name: string;
  arn: string;
  status: "ACTIVE" | "INACTIVE";
  instances: Map<string, InstanceRecord>;
  /** Instances launched into the cluster so far: numbers the next one's AZ and address. */
  launched: number;
}

/** Options for launching container instances (EC2 instances running the ECS agent) into a cluster. */
export interface LaunchInstancesRequest {
  cluster?: string;
  /** An instance type the pricing module knows, e.g. "t3.medium" (default) or "m5.large". */
  instanceType?: string;
  /** How many (default 1). */
  count?: number;
  /** Put them all in one zone, e.g. "us-east-1b"; by default they go round the zones a, b, c. */
  availabilityZone?: string;
  /** Custom attributes to register with, e.g. { stack: "prod" }. */
  attributes?: Record<string, string>;
}

/** Clusters and their container instances. */
export class ClusterStore {
  readonly #clusters = new Map<string, ClusterRecord>();
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #addressBase: number;

  constructor(clock: Clock, random: Random, sessionId: string) {
    this.#clock = clock;
    this.#random = random;
    // Each session gets its own block of loopback addresses, so two notebooks' instances never collide.
    this.#addressBase = 10 + (parseInt(sessionId.slice(0, 4), 16) % 60);
  }

  /** Creates a cluster, or returns the active one of that name (CreateCluster is idempotent). */
  create(name = "default"): ClusterRecord {
    if (typeof name !== "string" || !CLUSTER_NAME.test(name)) {
      throw invalidParameter(`Invalid clusterName ${JSON.stringify(name)}. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`, "clusterName");
    }
    const existing = this.#clusters.get(name);
    if (existing?.status === "ACTIVE") return existing;
    const record: ClusterRecord = { name, arn: arn("ecs", `cluster/${name}`), status: "ACTIVE", instances: new Map(), launched: 0 };
    this.#clusters.set(name, record);
    return record;
  }

  /** Finds an active cluster by name or ARN (`default` when absent); throws ClusterNotFoundException. */
  get(ref: string | undefined): ClusterRecord {
    const name = ref === undefined ? "default" : ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
    const record = this.#clusters.get(name);
    if (!record || record.status !== "ACTIVE") throw clusterNotFound(ref ?? "default");
    return record;
  }

  /** Every cluster ever created, including INACTIVE ones (DescribeClusters still shows those). */
  all(): ClusterRecord[] {
    return [...this.#clusters.values()];
  }

  /** Marks a cluster INACTIVE; the caller checks it holds no instances, services or tasks first. */
  remove(record: ClusterRecord): void {
    record.status = "INACTIVE";
  }

  /** Launches instances that register with the cluster, as EC2 instances with the ECS-optimized AMI do. */
  launch(request: LaunchInstancesRequest): InstanceRecord[] {
    const cluster = this.get(request.cluster);
    const count = request.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 5000) throw invalidParameter(`count must be a whole number from 1 to 5000; got ${JSON.stringify(count)}.`, "count");
    const instanceType = request.instanceType ?? "t3.medium";
    const { cpu, memory } = registeredResources(instanceType);
    const { zones, custom } = zonesAndAttributes(request.availabilityZone, request.attributes);
    const records: InstanceRecord[] = [];
    for (let n = 0; n < count; n++) {
      const index = cluster.launched;
      const address = this.nextLocalAddress(cluster);
      records.push(
        this.#add(cluster, {
          instanceType,
          availabilityZone: request.availabilityZone ?? (zones[index % zones.length] as string),
          cpu,
          memory,
          custom,
          address,
        }),
      );
    }
    return records;
  }

  /**
   * Registers a whole Docker engine as one container instance, as the ECS agent on that machine would:
   * it registers the machine's CPUs and memory, and its tasks run on that engine.
   */
  registerEngine(cluster: ClusterRecord, r: { engine: ContainerEngine; address: string; publishIp: string; cpu: number; memory: number; instanceType: string; availabilityZone?: string; attributes?: Record<string, string> }): InstanceRecord {
    const { zones, custom } = zonesAndAttributes(r.availabilityZone, r.attributes);
    const zone = r.availabilityZone ?? (zones[cluster.launched % zones.length] as string);
    return this.#add(cluster, { instanceType: r.instanceType, availabilityZone: zone, cpu: r.cpu, memory: r.memory, custom, address: r.address, publishIp: r.publishIp, engine: r.engine });
  }

  #add(
    cluster: ClusterRecord,
    i: { instanceType: string; availabilityZone: string; cpu: number; memory: number; custom: [string, string][]; address: string; publishIp?: string; engine?: ContainerEngine },
  ): InstanceRecord {
    cluster.launched++;
    const record: InstanceRecord = {
      cluster: cluster.name,
      instanceType: i.instanceType,
      availabilityZone: i.availabilityZone,
      address: i.address,
      publishIp: i.publishIp ?? i.address,
      ...(i.engine ? { engine: i.engine } : {}),
      registeredAt: this.#clock.now(),
      customAttributes: new Set(i.custom.map(([name]) => name)),
      model: {
        arn: containerInstanceArn(cluster.name, this.#random.hex(32)),
        ec2InstanceId: `i-${this.#random.hex(17)}`,
        status: "ACTIVE",
        agentConnected: true,
        agentVersion: "1.80.0",
        registeredAt: this.#clock.now(),
        registeredCpu: i.cpu,
        registeredMemory: i.memory,
        remainingCpu: i.cpu,
        remainingMemory: i.memory,
        usedPorts: new Set(),
        groupCounts: new Map(),
        taskGroups: new Set(),
        runningTasksCount: 0,
        attributes: new Map([...builtInAttributes(i.instanceType, i.availabilityZone), ...i.custom]),
      },
    };
    cluster.instances.set(record.model.arn, record);
    return record;
  }

  /** The next loopback address of this session's block (for an instance on the local machine). */
  nextLocalAddress(cluster: ClusterRecord): string {
    const index = cluster.launched;
    return `127.${this.#addressBase}.${Math.floor(index / 250)}.${(index % 250) + 1}`;
  }

  /** Finds a container instance of a cluster by ARN or its id (the ARN's last part). */
  instance(cluster: ClusterRecord, ref: string, field = "containerInstance"): InstanceRecord {
    const found = cluster.instances.get(ref) ?? [...cluster.instances.values()].find((r) => r.model.arn.endsWith(`/${ref}`) || r.model.ec2InstanceId === ref);
    if (!found) throw invalidParameter(`Container instance ${JSON.stringify(ref)} is not registered in cluster ${cluster.name}.`, field);
    return found;
  }

  /** Sets custom attributes on container instances (ECS's PutAttributes). */
  putAttributes(cluster: ClusterRecord, attributes: Attribute[]): Attribute[] {
    attributes.forEach((a, i) => checkAttribute(a, `attributes[${i}]`));
    attributes.forEach((a, i) => {
      if (a.targetType !== undefined && a.targetType !== "container-instance") throw invalidParameter("targetType must be \"container-instance\".", `attributes[${i}].targetType`);
      if (!a.targetId) throw invalidParameter("Each attribute needs a targetId: the container instance ARN or id.", `attributes[${i}].targetId`);
      this.instance(cluster, a.targetId, `attributes[${i}].targetId`);
    });
    for (const a of attributes) {
      const record = this.instance(cluster, a.targetId ?? "");
      record.model.attributes.set(a.name ?? "", a.value);
      record.customAttributes.add(a.name ?? "");
    }
    return attributes;
  }
}

/** The region's zones, after checking the zone and custom attributes a new instance asks for. */
function zonesAndAttributes(availabilityZone: string | undefined, attributes: Record<string, string> | undefined): { zones: string[]; custom: [string, string][] } {
  const zones = availabilityZones(region());
  if (availabilityZone !== undefined && !zones.includes(availabilityZone)) {
    throw invalidParameter(`Unknown availabilityZone ${JSON.stringify(availabilityZone)}. Use one of ${zones.join(", ")}.`, "availabilityZone");
  }
  const custom = Object.entries(attributes ?? {});
  custom.forEach(([name, value]) => checkAttribute({ name, value }, `attributes.${name}`));
  return { zones, custom };
}

/** Attribute names and values as ECS allows them. https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html */
function checkAttribute(a: Attribute, field: string): void {
  if (typeof a.name !== "string" || !/^[a-zA-Z0-9_.\-/@]{1,128}$/.test(a.name) || a.name.startsWith("ecs.")) {
    throw new MinicloudError("InvalidParameterException", `Invalid attribute name ${JSON.stringify(a.name)}: up to 128 letters, numbers, hyphens, underscores, periods, at signs or slashes, and not starting with "ecs." (those are ECS's own).`, { field });
  }
  if (a.value !== undefined && (typeof a.value !== "string" || !/^[a-zA-Z0-9_.\-/@:() ]{1,128}$/.test(a.value))) {
    throw new MinicloudError("InvalidParameterException", `Invalid value ${JSON.stringify(a.value)} for attribute ${a.name}: up to 128 letters, numbers, spaces and - _ . / @ : ( ).`, { field });
  }
}

/** The cluster in DescribeClusters' shape; task and service counts come from the caller. */
export function describeCluster(record: ClusterRecord, counts: { running: number; pending: number; services: number }): Cluster {
  return {
    clusterArn: record.arn,
    clusterName: record.name,
    status: record.status,
    registeredContainerInstancesCount: [...record.instances.values()].filter((i) => i.model.status !== "INACTIVE").length,
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    activeServicesCount: counts.services,
    statistics: [],
    tags: [],
    settings: [{ name: "containerInsights", value: "disabled" }],
    capacityProviders: ["FARGATE", "FARGATE_SPOT"],
    defaultCapacityProviderStrategy: [],
  };
}
