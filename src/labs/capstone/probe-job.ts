// What a checkpoint does when only running the pipeline can tell whether it works: send a job of its
// own through the student's API, and find it again — in the queue, or as a report in the bucket.
import type { Cloud } from "../../cloud.js";
import { isMinicloudError } from "../../core/errors.js";
import { CAPSTONE, reportKey, type Job } from "./capstone-names.js";

/** An HTTP answer, its body parsed when it is JSON. */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** The endpoint of the student's HTTP API, or undefined when there is none by that name. */
export async function apiEndpoint(cloud: Cloud): Promise<string | undefined> {
  return (await cloud.apiGatewayV2.getApis()).Items.find((a) => a.Name === CAPSTONE.api)?.ApiEndpoint;
}

/** POSTs a body to the API's /jobs, as a browser or `curl` would. */
export async function postJob(endpoint: string, body: string): Promise<HttpAnswer> {
  const response = await fetch(`${endpoint}/jobs`, { method: "POST", body, headers: { "content-type": "application/json" } });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

/** A job no student would send, to tell the checkpoint's own from theirs. */
export function probeJob(): Job {
  return { title: `checkpoint probe ${Date.now().toString(36)}`, values: [3, 1, 4, 1, 5, 9, 2, 6] };
}

/** The jobId an accepted job's answer gives, if it gives one. */
export function jobIdOf(answer: HttpAnswer): string | undefined {
  const id = (answer.body as { jobId?: unknown } | null)?.jobId;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** The report of a job, parsed, or undefined while there is none. */
export async function readReport(cloud: Cloud, jobId: string): Promise<Record<string, unknown> | undefined> {
  try {
    const object = await cloud.s3.getObject({ Bucket: CAPSTONE.bucket, Key: reportKey(jobId) });
    return JSON.parse(await object.Body.transformToString()) as Record<string, unknown>;
  } catch (error) {
    if (isMinicloudError(error, "NoSuchKey")) return undefined;
    throw error;
  }
}

/** Polls until `find` gives a value or `timeoutMs` passes, on the session's clock. */
export async function poll<T>(cloud: Cloud, timeoutMs: number, find: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = cloud.clock.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined || cloud.clock.now() >= deadline) return found;
    await cloud.clock.sleep(200);
  }
}

/** Messages in a queue: waiting, in flight or delayed. */
export async function messagesIn(cloud: Cloud, queueUrl: string): Promise<number> {
  const a = (await cloud.sqs.getQueueAttributes({ QueueUrl: queueUrl })).Attributes;
  return ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"].reduce((sum, name) => sum + Number(a[name] ?? 0), 0);
}

/**
 * Waits for the probe job to show up: as one more message in the queue than `before`, or — when workers
 * already run and one took it first — as its report. Nothing is received from the queue, so the
 * student's own messages keep their receive counts.
 */
export async function probeArrived(cloud: Cloud, queueUrl: string, jobId: string, before: number, timeoutMs: number): Promise<"queue" | "report" | undefined> {
  return poll(cloud, timeoutMs, async () => {
    if ((await messagesIn(cloud, queueUrl)) > before) return "queue" as const;
    return (await readReport(cloud, jobId)) !== undefined ? ("report" as const) : undefined;
  });
}
