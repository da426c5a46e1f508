// What the a3 checks share about the pipeline's data: a job's rule with the student's own limits, the
// generated request bodies and queue messages, and reading a report back from S3.
import type { Arbitrary } from "fast-check";
import type { Cloud } from "../../../cloud.js";
import { isMinicloudError } from "../../../core/errors.js";
import { isValidJob, type JobReportFigures } from "../../../labs/capstone/capstone-names.js";

/** The student's limits on a job: the longest title and the most numbers. */
export interface JobLimits {
  maxTitle: number;
  maxValues: number;
}

/** The API's rule for a job, with these limits: notebook 11's rule, the limits made the student's own. */
export function isValidJobWithin(job: unknown, limits: JobLimits): boolean {
  return isValidJob(job, { title: limits.maxTitle, values: limits.maxValues });
}

/**
 * Request bodies a client might POST: mostly jobs where one detail decides (a title or a list at, or one
 * past, the student's limits; a word among the numbers), sometimes a key missing, JSON that is not an
 * object, or no JSON at all. Non-finite numbers cannot travel in JSON, so a wrong value is a string or null.
 */
export function requestBodies(fc: typeof import("fast-check"), limits: JobLimits): Arbitrary<string> {
  const title = fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    fc.constantFrom("", "   ", "x".repeat(limits.maxTitle), "y".repeat(limits.maxTitle + 1)),
    fc.integer(),
    fc.constant(null),
  );
  const number = fc.integer({ min: -1000, max: 1000 });
  const values = fc.oneof(
    { weight: 4, arbitrary: fc.array(number, { minLength: 1, maxLength: Math.min(6, limits.maxValues) }) },
    fc.array(fc.oneof({ weight: 4, arbitrary: number }, fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean()), { maxLength: 6 }),
    fc.constantFrom([], Array<number>(limits.maxValues).fill(7), Array<number>(limits.maxValues + 1).fill(7)),
    fc.string({ maxLength: 5 }),
  );
  const job = fc.oneof({ weight: 6, arbitrary: fc.record({ title, values }) }, fc.record({ title, values }, { requiredKeys: [] }));
  return fc.oneof(
    { weight: 8, arbitrary: job.map((j) => JSON.stringify(j)) },
    fc.constantFrom("title=june sales", "", "{", "null", "[1,2,3]", '"a job"', "42"),
  );
}

/**
 * Queue messages a report function might receive: mostly jobs as the API queues them, and every third a
 * poison message (not JSON, no jobId, a word among the numbers, no numbers at all).
 */
export async function jobMessages(seed: number, count: number): Promise<string[]> {
  const fc = await import("fast-check");
  const id = fc.integer({ min: 1, max: 99_999 }).map((n) => `job-${n}`);
  const values = fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: 8 });
  const good = fc.record({ jobId: id, title: fc.constantFrom("june sales", "stock", "visits"), values }).map((j) => JSON.stringify(j));
  const bad = fc.oneof(
    fc.constantFrom("hello", "{oops", "[]", "null"),
    fc.record({ title: fc.constant("no id"), values }).map((j) => JSON.stringify(j)),
    fc.record({ jobId: id, title: fc.constant("a word"), values: fc.constant([1, "two", 3]) }).map((j) => JSON.stringify(j)),
    fc.record({ jobId: id, title: fc.constant("empty"), values: fc.constant([]) }).map((j) => JSON.stringify(j)),
  );
  const goods = fc.sample(good, { seed, numRuns: count });
  const bads = fc.sample(bad, { seed: seed + 1, numRuns: count });
  // Each good job gets an id of its own, so that two reports never share a key.
  const unique = (body: string, i: number): string => {
    const job = JSON.parse(body) as { jobId: string };
    return JSON.stringify({ ...job, jobId: `${job.jobId}-${i + 1}` });
  };
  return Array.from({ length: count }, (_, i) => (i % 3 === 1 ? bads[i]! : unique(goods[i]!, i)));
}

/** Whether a queued job can be reported on: a JSON object with a jobId, a title and 1 or more finite numbers. */
export function isReportableJob(body: string): boolean {
  let job: unknown;
  try {
    job = JSON.parse(body);
  } catch {
    return false;
  }
  const jobId = (job as { jobId?: unknown } | null)?.jobId;
  return typeof jobId === "string" && jobId !== "" && isValidJob(job);
}

/** An object of a bucket, parsed as JSON, or undefined while there is none (or it is not JSON). */
export async function readJson(cloud: Cloud, bucket: string, key: string): Promise<Record<string, unknown> | undefined> {
  try {
    const object = await cloud.s3.getObject({ Bucket: bucket, Key: key });
    return JSON.parse(await object.Body.transformToString()) as Record<string, unknown>;
  } catch (error) {
    if (isMinicloudError(error, "NoSuchKey") || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Whether a report holds these figures (the mean to within a millionth). */
export function figuresMatch(report: Record<string, unknown>, figures: JobReportFigures): boolean {
  return (
    report["count"] === figures.count &&
    report["sum"] === figures.sum &&
    report["min"] === figures.min &&
    report["max"] === figures.max &&
    typeof report["mean"] === "number" &&
    Math.abs(report["mean"] - figures.mean) <= 1e-6 * Math.max(1, Math.abs(figures.mean))
  );
}
