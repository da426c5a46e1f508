// One step of ECS's service scheduler, as a pure decision: given the service's live tasks, which to
// start and which to stop so that the primary deployment reaches desiredCount while never running more
// than maximumPercent nor fewer healthy tasks than minimumHealthyPercent of desiredCount.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html

/** A live task of the service, as the rollout sees it. */
export interface RolloutTask {
  id: string;
  /** True when it belongs to the primary (newest) deployment. */
  primary: boolean;
  /** RUNNING and not failing its health checks. */
  healthy: boolean;
  /** On a DRAINING instance: it must move. */
  draining: boolean;
  /** How crowded its zone and its instance are with this service's tasks (for choosing whom to stop). */
  zoneLoad: number;
  instanceLoad: number;
  /** Epoch ms it was created: newer tasks go first when scaling in. */
  createdAt: number;
}

/** What the step decided. */
export interface RolloutStep {
  start: number;
  stop: string[];
}

/** Decides one step of a REPLICA service's rollout. */
export function rolloutStep(tasks: RolloutTask[], desired: number, minimumHealthyPercent: number, maximumPercent: number): RolloutStep {
  // ECS rounds the lower limit up and the upper limit down. https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
  const minHealthy = Math.ceil((desired * minimumHealthyPercent) / 100);
  const maxTotal = Math.max(Math.floor((desired * maximumPercent) / 100), desired === 0 ? 0 : 1);
  const keep = tasks.filter((t) => t.primary && !t.draining);
  const leaving = tasks.filter((t) => !t.primary || t.draining);
  const stop: string[] = [];
  const stopped = new Set<string>();

  // Scale in: too many primary tasks. Stop from the most crowded zone and instance, newest first.
  if (keep.length > desired) {
    const surplus = [...keep].sort((a, b) => b.zoneLoad - a.zoneLoad || b.instanceLoad - a.instanceLoad || b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    stop.push(...surplus.slice(0, keep.length - desired).map((t) => t.id));
    for (const id of stop) stopped.add(id);
  }
  const kept = keep.length - stop.length;
  const start = Math.max(0, Math.min(desired - kept, maxTotal - (tasks.length - stop.length)));

  // Old tasks that are not healthy can always go; healthy ones only while enough healthy tasks remain.
  let healthy = tasks.filter((t) => t.healthy && !stopped.has(t.id)).length;
  const ordered = [...leaving].sort((a, b) => Number(a.healthy) - Number(b.healthy) || (a.id < b.id ? -1 : 1));
  for (const t of ordered) {
    if (!t.healthy) stop.push(t.id);
    else if (healthy - 1 >= minHealthy) {
      stop.push(t.id);
      healthy -= 1;
    }
  }
  return { start, stop };
}
