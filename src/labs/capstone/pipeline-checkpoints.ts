// The capstone's first three checkpoints: the bucket and the queue, the API that feeds the queue, and
// the worker's image and task definition. Each looks at the student's resources in the lab's session.
import type { Cloud } from "../../cloud.js";
import { isMinicloudError } from "../../core/errors.js";
import { failed as fail, passed as pass } from "../checkpoint-verdicts.js";
import type { CheckpointDefinition, CheckpointVerdict } from "../lab-types.js";
import { LAB_HOME_LABEL, LAB_LABEL } from "../lab-ownership.js";
import { CAPSTONE } from "./capstone-names.js";
import { apiEndpoint, jobIdOf, messagesIn, postJob, probeArrived, probeJob } from "./probe-job.js";

/** The queue's URL and attributes, or undefined when there is no queue by that name. */
export async function queueNamed(cloud: Cloud, name: string): Promise<{ url: string; attributes: Record<string, string> } | undefined> {
  try {
    const { QueueUrl } = await cloud.sqs.getQueueUrl({ QueueName: name });
    return { url: QueueUrl, attributes: (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes };
  } catch (error) {
    if (isMinicloudError(error, "AWS.SimpleQueueService.NonExistentQueue")) return undefined;
    throw error;
  }
}

async function verifyBucketAndQueue(cloud: Cloud): Promise<CheckpointVerdict> {
  const { Buckets } = await cloud.s3.listBuckets();
  if (!Buckets.some((b) => b.Name === CAPSTONE.bucket)) return fail(`There is no bucket ${CAPSTONE.bucket}.`, `Create it: cloud.s3.createBucket({ Bucket: "${CAPSTONE.bucket}" }).`);
  const dlq = await queueNamed(cloud, CAPSTONE.deadLetterQueue);
  if (!dlq) return fail(`There is no queue ${CAPSTONE.deadLetterQueue}.`, "Create the dead-letter queue first: the jobs queue's RedrivePolicy names its ARN.");
  const jobs = await queueNamed(cloud, CAPSTONE.queue);
  if (!jobs) return fail(`There is no queue ${CAPSTONE.queue}.`, `Create it with cloud.sqs.createQueue({ QueueName: "${CAPSTONE.queue}", Attributes: { ... } }).`);
  const redrive = jobs.attributes["RedrivePolicy"] ? (JSON.parse(jobs.attributes["RedrivePolicy"]) as { deadLetterTargetArn: string; maxReceiveCount: number }) : undefined;
  if (redrive === undefined || redrive.deadLetterTargetArn !== dlq.attributes["QueueArn"]) {
    return fail(`${CAPSTONE.queue} has no RedrivePolicy that sends failed jobs to ${CAPSTONE.deadLetterQueue}.`, "Set Attributes.RedrivePolicy to JSON.stringify({ deadLetterTargetArn: <the DLQ's QueueArn>, maxReceiveCount: 3 }).");
  }
  if (redrive.maxReceiveCount < 2) {
    return fail(`maxReceiveCount is ${redrive.maxReceiveCount}: a job whose worker dies once would go straight to the dead-letter queue.`, "Allow at least 2 receives, so that a job survives one crashed worker (step 6 crashes one).");
  }
  return pass(`Bucket ${CAPSTONE.bucket}, queue ${CAPSTONE.queue} (visibility timeout ${jobs.attributes["VisibilityTimeout"]} s) and its dead-letter queue after ${redrive.maxReceiveCount} receives.`);
}

async function verifySubmitApi(cloud: Cloud): Promise<CheckpointVerdict> {
  const jobs = await queueNamed(cloud, CAPSTONE.queue);
  if (!jobs) return fail(`There is no queue ${CAPSTONE.queue}.`, "Pass checkpoint bucket-and-queue first.");
  const config = await cloud.lambda.getFunctionConfiguration({ FunctionName: CAPSTONE.functionName });
  if (config.Environment.Variables["QUEUE_URL"] !== jobs.url) {
    return fail(`${CAPSTONE.functionName}'s QUEUE_URL is ${JSON.stringify(config.Environment.Variables["QUEUE_URL"])}, not the queue's URL.`, "Give the function Environment: { Variables: { QUEUE_URL: <the queue's QueueUrl> } }.");
  }
  const endpoint = await apiEndpoint(cloud);
  if (endpoint === undefined) return fail(`There is no HTTP API named ${CAPSTONE.api}.`, `Create it with cloud.apiGatewayV2.createApi({ Name: "${CAPSTONE.api}", ProtocolType: "HTTP", ... }).`);
  const notJson = await postJob(endpoint, "title=sales&values=1,2");
  if (notJson.status !== 400) return fail(`A body that is not JSON was answered ${notJson.status}, not 400.`, "Parse event.body inside try/catch and answer { statusCode: 400, ... } when it fails.");
  const invalid = await postJob(endpoint, JSON.stringify({ title: "", values: [1, "two"] }));
  if (invalid.status !== 400) return fail(`A job with an empty title and a value that is not a number was answered ${invalid.status}, not 400.`, "Refuse a job that isValidJob refuses, before it reaches the queue.");
  const before = await messagesIn(cloud, jobs.url);
  const accepted = await postJob(endpoint, JSON.stringify(probeJob()));
  const jobId = jobIdOf(accepted);
  if (accepted.status !== 202 || jobId === undefined) {
    return fail(`A valid job was answered ${accepted.status} ${JSON.stringify(accepted.body)}; expected 202 with a jobId.`, "Answer { statusCode: 202, body: JSON.stringify({ jobId, ... }) } once the message is sent.");
  }
  const arrived = await probeArrived(cloud, jobs.url, jobId, before, 10_000);
  if (arrived === undefined) return fail(`The API accepted job ${jobId}, but no message for it reached ${CAPSTONE.queue}.`, "Look at the function's log: did SendMessage fail?");
  const where = arrived === "queue" ? "it waits in the queue with yours: the workers will report it too" : "a worker has reported it already";
  return pass(`POST /jobs refused two bad jobs with 400 and queued a good one (job ${jobId}: ${where}).`);
}

async function verifyWorkerImage(cloud: Cloud): Promise<CheckpointVerdict> {
  const { taskDefinition } = await cloud.ecs.describeTaskDefinition({ taskDefinition: CAPSTONE.family });
  const containers = taskDefinition.containerDefinitions ?? [];
  if (containers.length !== 1) return fail(`${CAPSTONE.family} has ${containers.length} containers; the worker is one.`, "Register a task definition with one container definition.");
  const [worker] = containers;
  const image = await cloud.engine.inspectImage(worker!.image ?? "").catch(() => undefined);
  if (image === undefined) return fail(`The image ${worker!.image} does not exist on the ${cloud.engine.name} engine.`, "Build it with cloud.engine.buildImage({ context, tag, labels: lab.imageLabels }) before registering the task definition.");
  if (image.config.labels[LAB_LABEL] !== CAPSTONE.lab || image.config.labels[LAB_HOME_LABEL] === undefined) {
    return fail(`The image ${worker!.image} does not carry the lab's labels.`, "Build it with labels: lab.imageLabels, so that minicloud lab reset can find it.");
  }
  const env = Object.fromEntries((worker!.environment ?? []).map((e) => [e.name, e.value]));
  const jobs = await queueNamed(cloud, CAPSTONE.queue);
  if (env["QUEUE_URL"] !== jobs?.url || env["REPORTS_BUCKET"] !== CAPSTONE.bucket) {
    return fail(`The worker's environment is ${JSON.stringify(env)}.`, `Set QUEUE_URL to the queue's URL and REPORTS_BUCKET to "${CAPSTONE.bucket}" in the container definition's environment.`);
  }
  if (worker!.memory === undefined) return fail("The worker has no hard memory limit (memory).", "Give the container memory: 128 (MiB): a worker that leaks is stopped rather than starving its neighbours.");
  return pass(`Task definition ${CAPSTONE.family}:${taskDefinition.revision} runs ${worker!.image} (${image.id.slice(7, 19)}) with ${worker!.memory} MiB, QUEUE_URL and REPORTS_BUCKET.`);
}

/** The capstone's first three checkpoints. */
export const pipelineCheckpoints: CheckpointDefinition[] = [
  { name: "bucket-and-queue", title: "The reports bucket, the jobs queue and its dead-letter queue", verify: verifyBucketAndQueue },
  { name: "submit-api", title: "POST /jobs validates a job and queues it", verify: verifySubmitApi },
  { name: "worker-image", title: "The worker image and its task definition", verify: verifyWorkerImage },
];
