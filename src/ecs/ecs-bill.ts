import { ec2Cost, fargateCost } from "../pricing/calculators.js";
import { EC2_ON_DEMAND, type InstanceType } from "../pricing/price-tables.js";
import { table, type Displayable } from "../viz/mime-bundle.js";
import type { EcsState } from "./ecs-state.js";

/** One line of an ECS bill. */
export interface EcsBillLine {
  /** "FARGATE" lines price tasks; "EC2" lines price container instances (their tasks cost nothing more). */
  launchType: "FARGATE" | "EC2";
  /** The task definition family (Fargate) or the instance type (EC2). */
  item: string;
  count: number;
  /** Seconds billed, after each task's or instance's one-minute minimum. */
  billedSeconds: number;
  total: number;
}

/** What a cluster's run has cost so far, priced with the pricing module's dated tables. */
export interface EcsBill extends Displayable {
  lines: EcsBillLine[];
  total: number;
}

const dollars = (amount: number): string => `$${amount < 0.01 && amount > 0 ? amount.toFixed(6) : amount.toFixed(2)}`;

/**
 * The bill for what ran: Fargate tasks per second from the start of their image pull until they
 * stopped, with a one-minute minimum each (https://aws.amazon.com/fargate/pricing/); EC2 container
 * instances per second from launch, with a one-minute minimum, whatever their tasks did.
 */
export function ecsBill(state: EcsState): EcsBill {
  const now = state.clock.now();
  const lines = new Map<string, EcsBillLine>();
  const add = (launchType: "FARGATE" | "EC2", item: string, seconds: number, cost: number): void => {
    const key = `${launchType}:${item}`;
    const line = lines.get(key) ?? { launchType, item, count: 0, billedSeconds: 0, total: 0 };
    line.count += 1;
    line.billedSeconds += Math.max(60, Math.ceil(seconds));
    line.total += cost;
    lines.set(key, line);
  };
  for (const t of state.tasks.values()) {
    if (t.task.launchType !== "FARGATE" || !t.task.pullStartedAt) continue;
    const end = t.task.stoppedAt?.getTime() ?? now;
    const seconds = Math.max(0, (end - t.task.pullStartedAt.getTime()) / 1000);
    const cost = fargateCost({ vcpu: Number(t.task.cpu) / 1024, memoryGB: Number(t.task.memory) / 1024, durationSeconds: seconds }).total;
    add("FARGATE", t.definition.family ?? "", seconds, cost);
  }
  for (const cluster of state.clusters.all()) {
    for (const i of cluster.instances.values()) {
      // A Docker host registered as an instance has no EC2 price.
      if (!(i.instanceType in EC2_ON_DEMAND.instances)) continue;
      const seconds = Math.max(60, (now - i.registeredAt) / 1000);
      add("EC2", i.instanceType, seconds, ec2Cost({ instanceType: i.instanceType as InstanceType, hours: Math.ceil(seconds) / 3600 }).total);
    }
  }
  const all = [...lines.values()];
  const total = all.reduce((sum, l) => sum + l.total, 0);
  return {
    lines: all,
    total,
    toMimeBundle: () =>
      // The table's bundle is built synchronously; only charts need a promise.
      table(
        [...all.map((l) => ({ ...l, total: dollars(l.total) })), { launchType: "", item: "total", count: "", billedSeconds: "", total: dollars(total) }],
        ["launchType", "item", "count", "billedSeconds", "total"],
      ).toMimeBundle(),
  };
}
