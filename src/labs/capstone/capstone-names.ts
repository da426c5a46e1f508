// The names the capstone lab's checkpoints look for: the notebook creates resources with these names.

/** The resources of the capstone pipeline, by the names the checkpoints look for. */
export const CAPSTONE = {
  lab: "capstone",
  bucket: "capstone-reports",
  queue: "capstone-jobs",
  deadLetterQueue: "capstone-jobs-dlq",
  functionName: "submit-job",
  api: "capstone-api",
  route: "POST /jobs",
  family: "capstone-worker",
  cluster: "capstone",
  service: "workers",
} as const;

/** Where the worker writes a job's report. */
export const reportKey = (jobId: string): string => `reports/${jobId}.json`;

/** A job as the API takes it: a title and the numbers to report on. */
export interface Job {
  title: string;
  values: number[];
}

/** The most numbers a job may carry, and the longest title. */
export const JOB_LIMITS = { values: 1000, title: 100 } as const;

/**
 * The API's rule for a job: an object with a non-empty `title` of at most 100 characters and `values`,
 * an array of 1 to 1000 finite numbers (other `limits` for other APIs). Anything else is refused with 400
 * before it reaches the queue.
 */
export function isValidJob(job: unknown, limits: { title: number; values: number } = JOB_LIMITS): job is Job {
  if (typeof job !== "object" || job === null || Array.isArray(job)) return false;
  const { title, values } = job as Record<string, unknown>;
  return (
    typeof title === "string" &&
    title.trim().length > 0 &&
    title.length <= limits.title &&
    Array.isArray(values) &&
    values.length > 0 &&
    values.length <= limits.values &&
    values.every((v) => typeof v === "number" && Number.isFinite(v))
  );
}

/** What a worker's report says about a job's numbers. */
export interface JobReportFigures {
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
}

/** The figures a correct report holds for these numbers. */
export function reportFigures(values: number[]): JobReportFigures {
  const sum = values.reduce((a, b) => a + b, 0);
  return { count: values.length, sum, mean: sum / values.length, min: Math.min(...values), max: Math.max(...values) };
}

/**
 * How many workers a queue's backlog calls for — the target-tracking rule AWS recommends for a service
 * that works through an SQS queue: enough tasks that each has about `backlogPerTask` messages waiting,
 * never fewer than `min` nor more than `max`.
 */
export function desiredWorkers(backlog: number, backlogPerTask: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.ceil(backlog / backlogPerTask)));
}
