// The capstone's last three checkpoints: a service of workers that turns a job into a report, the queue
// drained by a service that scaled out and back in, and a dead worker replaced without losing its job.
import type { Cloud } from "../../cloud.js";
import type { Service, Task } from "../../ecs/ecs-types.js";
import { failed as fail, passed as pass } from "../checkpoint-verdicts.js";
import type { CheckpointDefinition, CheckpointVerdict } from "../lab-types.js";
import { CAPSTONE, reportFigures } from "./capstone-names.js";
import { queueNamed } from "./pipeline-checkpoints.js";
import { apiEndpoint, jobIdOf, messagesIn, poll, postJob, probeJob, readReport } from "./probe-job.js";

/** The workers service, or undefined when the cluster or the service is missing. */
async function workersService(cloud: Cloud): Promise<Service | undefined> {
  const { services } = await cloud.ecs.describeServices({ cluster: CAPSTONE.cluster, services: [CAPSTONE.service] });
  return services.find((s) => s.status === "ACTIVE");
}

/** Waits for the service to be steady; answers what stops it from being so, or undefined when it is. */
async function unsteady(cloud: Cloud): Promise<string | undefined> {
  try {
    await cloud.ecs.waitUntilServicesStable({ cluster: CAPSTONE.cluster, services: [CAPSTONE.service] }, 30_000);
    return undefined;
  } catch {
    const service = await workersService(cloud);
    return `the service has ${service?.runningCount ?? 0} of ${service?.desiredCount ?? "?"} tasks running`;
  }
}

/** Every task the service ever ran, live and stopped. */
async function serviceTasks(cloud: Cloud): Promise<Task[]> {
  const arns = [
    ...(await cloud.ecs.listTasks({ cluster: CAPSTONE.cluster, serviceName: CAPSTONE.service })).taskArns,
    ...(await cloud.ecs.listTasks({ cluster: CAPSTONE.cluster, serviceName: CAPSTONE.service, desiredStatus: "STOPPED" })).taskArns,
  ];
  return arns.length === 0 ? [] : (await cloud.ecs.describeTasks({ cluster: CAPSTONE.cluster, tasks: arns })).tasks;
}

/** The most tasks that were running at the same moment. */
export function peakRunning(tasks: Task[], now: number): number {
  const edges = tasks
    .filter((t) => t.startedAt !== undefined)
    .flatMap((t) => [
      { at: new Date(t.startedAt!).getTime(), step: 1 },
      { at: t.stoppedAt !== undefined ? new Date(t.stoppedAt).getTime() : now, step: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (running += edge.step));
  return peak;
}

/** Messages still in a queue (none when there is no such queue). */
async function inQueue(cloud: Cloud, name: string): Promise<number> {
  const queue = await queueNamed(cloud, name);
  return queue === undefined ? 0 : messagesIn(cloud, queue.url);
}

async function verifyWorkersRunning(cloud: Cloud): Promise<CheckpointVerdict> {
  const service = await workersService(cloud);
  if (!service) return fail(`There is no service ${CAPSTONE.service} in cluster ${CAPSTONE.cluster}.`, "Create the cluster, launch container instances into it, then createService.");
  if (!service.taskDefinition?.includes(`/${CAPSTONE.family}:`)) return fail(`The service runs ${service.taskDefinition}, not ${CAPSTONE.family}.`, `Create it with taskDefinition: "${CAPSTONE.family}".`);
  if ((service.desiredCount ?? 0) < 2) return fail(`The service wants ${service.desiredCount} task(s).`, "Run at least 2 workers, so that one crash does not stop the pipeline.");
  const notSteady = await unsteady(cloud);
  if (notSteady) return fail(`After 30 s ${notSteady}.`, "Look at the service's events and the stopped tasks' stoppedReason.");
  const endpoint = await apiEndpoint(cloud);
  if (endpoint === undefined) return fail(`There is no HTTP API named ${CAPSTONE.api}.`, "Pass checkpoint submit-api first.");
  const job = probeJob();
  const jobId = jobIdOf(await postJob(endpoint, JSON.stringify(job)));
  if (jobId === undefined) return fail("The API did not accept a valid job.", "Pass checkpoint submit-api first.");
  const report = await poll(cloud, 30_000, () => readReport(cloud, jobId));
  if (report === undefined) return fail(`No report for job ${jobId} in ${CAPSTONE.bucket} after 30 s.`, "Read a worker's log: cloud.ecs.containerLogs({ cluster, task, containerName }).");
  const expected = reportFigures(job.values);
  const wrong = (Object.keys(expected) as (keyof typeof expected)[]).find((k) => typeof report[k] !== "number" || Math.abs((report[k] as number) - expected[k]) > 1e-9 * Math.max(1, Math.abs(expected[k])));
  if (report["jobId"] !== jobId || wrong !== undefined) {
    return fail(`The report for ${JSON.stringify(job.values)} says ${JSON.stringify(report)}; expected ${JSON.stringify({ jobId, ...expected })}.`, "Compute count, sum, mean, min and max of the job's values.");
  }
  const left = await poll(cloud, 15_000, async () => ((await inQueue(cloud, CAPSTONE.queue)) === 0 ? 0 : undefined));
  if (left === undefined) return fail(`The report was written, but ${CAPSTONE.queue} still holds messages after 15 s.`, "Delete each message (DeleteMessage with its ReceiptHandle) once its report is written, or it comes back after the visibility timeout.");
  return pass(`${service.runningCount} workers running; a job sent to the API came back as a correct report (reports/${jobId}.json) and left the queue.`);
}

async function verifyQueueDrained(cloud: Cloud): Promise<CheckpointVerdict> {
  const service = await workersService(cloud);
  if (!service) return fail(`There is no service ${CAPSTONE.service} in cluster ${CAPSTONE.cluster}.`, "Pass checkpoint workers-running first.");
  const left = await poll(cloud, 30_000, async () => ((await inQueue(cloud, CAPSTONE.queue)) === 0 ? 0 : undefined));
  if (left === undefined) return fail(`${CAPSTONE.queue} still holds ${await inQueue(cloud, CAPSTONE.queue)} messages after 30 s.`, "Are the workers running, and does each delete its message?");
  const dead = await inQueue(cloud, CAPSTONE.deadLetterQueue);
  if (dead > 0) return fail(`${dead} jobs ended in ${CAPSTONE.deadLetterQueue}.`, "Read them (receiveMessage on the dead-letter queue) and the workers' logs: why did they fail?");
  const notSteady = await unsteady(cloud);
  if (notSteady) return fail(`After 30 s ${notSteady}.`, "Let the scaler finish; look at the service's events.");
  const peak = peakRunning(await serviceTasks(cloud), cloud.clock.now());
  const now = (await workersService(cloud))?.desiredCount ?? 0;
  if (peak < 3) return fail(`The service never ran more than ${peak} workers at once.`, "Send the load, and let the scaler raise desiredCount while the backlog is high.");
  if (now >= peak) return fail(`The queue is empty but the service still wants ${now} workers (its peak).`, "Scale back in when the backlog is gone: desiredWorkers(0, ...) is the minimum.");
  return pass(`The queue drained; the service scaled out to ${peak} workers at once and back in to ${now}, and no job is in the dead-letter queue.`);
}

/** A task whose worker died: its essential container exited with an error (a worker stopped by ECS exits 0 on SIGTERM). */
const crashed = (t: Task): boolean => t.stopCode === "EssentialContainerExited" && (t.containers ?? []).some((c) => c.exitCode !== undefined && c.exitCode !== 0);

/** Jobs a worker's log says it started and never reported. */
function unfinishedJobs(lines: string[]): string[] {
  const started = lines.map((l) => /working on (\S+)/.exec(l)?.[1]).filter((id): id is string => id !== undefined);
  const reported = new Set(lines.map((l) => /reported (\S+)/.exec(l)?.[1]));
  return started.filter((id) => !reported.has(id));
}

async function verifyWorkerReplaced(cloud: Cloud): Promise<CheckpointVerdict> {
  // ECS notices a dead container within moments: give it those.
  const died = (await poll(cloud, 10_000, async () => {
    const dead = (await serviceTasks(cloud)).filter(crashed);
    return dead.length > 0 ? dead : undefined;
  })) ?? [];
  if (died.length === 0) return fail("No worker of the service has died yet.", "Kill a busy worker's container (cloud.engine.killContainer) and watch the service.");
  const last = died.reduce((a, b) => (new Date(a.stoppingAt ?? 0) > new Date(b.stoppingAt ?? 0) ? a : b));
  // The scheduler starts the replacement as soon as it sees the task stopping.
  const diedAt = new Date(last.stoppingAt ?? last.stoppedAt ?? 0);
  const replacement = await poll(cloud, 15_000, async () => (await serviceTasks(cloud)).find((t) => t.createdAt !== undefined && new Date(t.createdAt) >= diedAt && t.lastStatus === "RUNNING"));
  if (!replacement) return fail(`Task ${last.taskArn?.split("/").pop()} died and no new task is running yet.`, "Give ECS a few seconds; is the service's desiredCount above 0?");
  const notSteady = await unsteady(cloud);
  if (notSteady) return fail(`After 30 s ${notSteady}.`, "Look at the service's events.");
  const container = last.containers?.[0]?.name ?? "worker";
  const held = unfinishedJobs(await cloud.ecs.containerLogs({ cluster: CAPSTONE.cluster, task: last.taskArn ?? "", containerName: container }));
  if (held.length === 0) return fail("The worker that died held no job.", "Kill a worker while it works on a job (its log says 'working on …' without 'reported …'), to see the job come back.");
  const visibilityS = Number((await queueNamed(cloud, CAPSTONE.queue))?.attributes["VisibilityTimeout"] ?? 30);
  const lost = await poll(cloud, (visibilityS + 20) * 1000, async () => {
    const missing = [];
    for (const id of held) if ((await readReport(cloud, id)) === undefined) missing.push(id);
    return missing.length === 0 ? [] : undefined;
  });
  if (lost === undefined) return fail(`The job the dead worker held (${held.join(", ")}) has no report ${visibilityS + 20} s later.`, "A job comes back only if its message was not deleted: delete it after the report is written, never before.");
  return pass(`A worker died (${last.stoppedReason}); ECS started ${replacement.taskArn?.split("/").pop()?.slice(0, 8)} in its place, and the job it held (${held.join(", ")}) was finished by another worker.`);
}

/** The capstone's last three checkpoints. */
export const serviceCheckpoints: CheckpointDefinition[] = [
  { name: "workers-running", title: "A service of workers turns a job into a report", verify: verifyWorkersRunning },
  { name: "queue-drained", title: "Under load the service scaled out, drained the queue, and scaled back in", verify: verifyQueueDrained },
  { name: "worker-replaced", title: "A dead worker was replaced and its job was not lost", verify: verifyWorkerReplaced },
];
