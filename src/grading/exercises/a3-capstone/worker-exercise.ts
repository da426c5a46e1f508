// a3-worker (build): the task definition of the pipeline's queue worker, for Fargate, with the student's
// own family, size and stop timeout. Checked the way ECS would — registered (ECS's own refusal is the
// feedback) and read back — then run: a task of it on Fargate takes a generated job from a queue and its
// report must land in S3, and stopped, it must exit cleanly on SIGTERM.
import type { Cloud } from "../../../cloud.js";
import type { RegisterTaskDefinitionRequest, TaskDefinition } from "../../../ecs/ecs-types.js";
import { reportFigures } from "../../../labs/capstone/capstone-names.js";
import { verdict, type CheckResult } from "../../check-result.js";
import type { Exercise } from "../../exercise-registry.js";
import { describeRefusal, withEcs } from "../ecs-sandbox.js";
import { createQueue, until } from "../trigger-sandbox.js";
import { readStudentAnswer } from "../student-answer.js";
import { figuresMatch, readJson } from "./pipeline-parts.js";
import { buildWorkerImage, WORKER_IMAGE } from "./worker-image.js";

const ID = "a3-worker";
const TITLE = "The worker's task definition";
const HINT =
  "Fargate needs the awsvpc network mode and the task's cpu and memory as strings of a size it offers. The worker reads QUEUE_URL and REPORTS_BUCKET from its environment; stopTimeout is the time ECS waits between SIGTERM and SIGKILL.";

/** Per student: the family, the Fargate size ("cpu/memory"), and the stop timeout in seconds. */
const PARAMETERS = {
  family: ["report-workers", "stats-workers", "digest-workers", "summary-workers"],
  taskSize: ["256/512", "512/1024", "1024/2048"],
  stopTimeout: [15, 20, 30],
};

type Mine = { family: string; taskSize: string; stopTimeout: number };

/** What the registered definition gets wrong against the student's requirements, in words. */
function problems(td: TaskDefinition, mine: Mine, queueUrl: string, bucket: string): string[] {
  const [cpu, memory] = mine.taskSize.split("/");
  const found: string[] = [];
  if (td.family !== mine.family) found.push(`the family is ${JSON.stringify(td.family)}, not ${JSON.stringify(mine.family)}`);
  if (!td.requiresCompatibilities?.includes("FARGATE")) found.push('it does not require Fargate (requiresCompatibilities ["FARGATE"])');
  if (td.cpu !== cpu || td.memory !== memory) found.push(`the task's size is ${td.cpu ?? "unset"} CPU units and ${td.memory ?? "unset"} MiB, not ${cpu} and ${memory}`);
  const worker = td.containerDefinitions?.find((c) => c.name === "worker");
  if (worker === undefined) return [...found, 'it has no container named "worker"'];
  if (!String(worker.image).startsWith(WORKER_IMAGE)) found.push(`worker's image is ${JSON.stringify(worker.image)}, not ${WORKER_IMAGE}`);
  if (worker.stopTimeout !== mine.stopTimeout) found.push(`worker's stopTimeout is ${worker.stopTimeout ?? "not set"}, not ${mine.stopTimeout} s`);
  const env = new Map((worker.environment ?? []).map((e) => [e.name, e.value]));
  if (env.get("QUEUE_URL") !== queueUrl) found.push(`worker's QUEUE_URL is ${JSON.stringify(env.get("QUEUE_URL"))}, not the queueUrl it was given`);
  if (env.get("REPORTS_BUCKET") !== bucket) found.push(`worker's REPORTS_BUCKET is ${JSON.stringify(env.get("REPORTS_BUCKET"))}, not the bucket it was given`);
  return found;
}

/** Runs one task of the definition on Fargate, sends it a job, then stops it: the problem, or undefined. */
async function runProblem(cloud: Cloud, family: string, queueUrl: string, bucket: string, seed: number): Promise<string | undefined> {
  await cloud.ecs.createCluster({});
  const { tasks, failures } = await cloud.ecs.runTask({ taskDefinition: family, launchType: "FARGATE", networkConfiguration: cloud.ecs.defaultNetworkConfiguration() });
  const arn = tasks[0]?.taskArn;
  if (arn === undefined) return `ECS started no task: ${failures.map((f) => f.reason).join(", ")}`;
  const [running] = await cloud.ecs.waitUntilTasksRunning({ tasks: [arn] }).catch(async () => cloud.ecs.waitUntilTasksStopped({ tasks: [arn] }));
  if (running?.lastStatus !== "RUNNING") return `the task stopped instead of running: ${running?.stopCode}: ${running?.stoppedReason}`;
  const values = Array.from({ length: 3 + (seed % 7) }, (_, i) => ((seed * 31 + i * 17) % 200) - 50);
  const job = { jobId: `job-${seed}`, title: `check ${seed}`, values };
  await cloud.sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) });
  let report: Record<string, unknown> | undefined;
  await until(async () => (report = await readJson(cloud, bucket, `reports/${job.jobId}.json`)) !== undefined, 20_000);
  if (report === undefined) return `the task ran, but no report of a job sent to the queue reached s3://${bucket}/reports/ within 20 s (its log: ${(await cloud.ecs.containerLogs({ task: arn, containerName: "worker" })).slice(-3).join(" | ")})`;
  if (!figuresMatch(report, reportFigures(values))) return `the report of ${JSON.stringify(values)} is ${JSON.stringify(report)}`;
  await cloud.ecs.stopTask({ task: arn, reason: "the check is done" });
  const [stopped] = await cloud.ecs.waitUntilTasksStopped({ tasks: [arn] });
  const exitCode = stopped?.containers?.[0]?.exitCode;
  return exitCode === 0 ? undefined : `the report landed in S3, but stopped, the worker exited with ${exitCode ?? "no exit code"} instead of 0`;
}

export const workerExercise: Exercise = {
  id: ID,
  title: TITLE,
  parameters: PARAMETERS,
  check: async (answer): Promise<CheckResult> => {
    const a = readStudentAnswer(ID, PARAMETERS, answer, ["workerTaskDefinition"]);
    const mine = a.mine as Mine;
    const seed = a.seed ?? 20190601;
    return withEcs(async (cloud) => {
      const bucket = "capstone-reports";
      await cloud.s3.createBucket({ Bucket: bucket });
      const queue = await createQueue(cloud, "capstone-jobs", { VisibilityTimeout: "10" });
      const request = (await a.fn<[string, string], RegisterTaskDefinitionRequest>("workerTaskDefinition")(queue.url, bucket)) as RegisterTaskDefinitionRequest;
      try {
        await cloud.ecs.registerTaskDefinition(request);
      } catch (error) {
        return verdict(ID, TITLE, false, `ECS would refuse it: ${describeRefusal(error)}`, HINT, 1);
      }
      const { taskDefinition } = await cloud.ecs.describeTaskDefinition({ taskDefinition: request.family ?? "" });
      const wrong = problems(taskDefinition, mine, queue.url, bucket);
      if (wrong.length > 0) return verdict(ID, TITLE, false, `ECS accepts it, but ${wrong.join("; ")}.`, HINT, 2);
      await buildWorkerImage(cloud.engine);
      const failed = await runProblem(cloud, taskDefinition.family ?? "", queue.url, bucket, seed);
      if (failed !== undefined) return verdict(ID, TITLE, false, `ECS registers it, but when it ran: ${failed}.`, HINT, 3);
      return verdict(ID, TITLE, true, `ECS registers ${taskDefinition.taskDefinitionArn}; on Fargate the worker took a job from the queue, its report landed in S3, and it stopped cleanly on SIGTERM.`, HINT, 4);
    }, "process");
  },
};
