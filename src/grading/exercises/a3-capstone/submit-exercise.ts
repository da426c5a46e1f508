// a3-submit (build): the pipeline's door — the source of a Lambda function behind an HTTP API that refuses
// a bad job with 400 and a message, and queues a good one in SQS with 202 and its jobId. Checked by
// deploying it behind a real HTTP API and queue and POSTing generated bodies, good and bad, with the
// student's own limits; the rule of notebook 11 is the oracle.
import type { Cloud } from "../../../cloud.js";
import type { CheckResult } from "../../check-result.js";
import { compareWithReference } from "../../compare-with-reference.js";
import type { Exercise } from "../../exercise-registry.js";
import { readStudentAnswer } from "../student-answer.js";
import { createQueue, withTriggerSession, type QueueRef } from "../trigger-sandbox.js";
import { isValidJobWithin, requestBodies, type JobLimits } from "./pipeline-parts.js";

const ID = "a3-submit";
const TITLE = "The submit function behind the HTTP API";
const HINT =
  "Parse event.body inside a try: a body that is not JSON is a 400 too. A job is an object whose title is text (not blank, at most your maxTitle characters) and whose values are 1 to your maxValues finite numbers. A 400's body is JSON with a message; a good job goes to process.env.QUEUE_URL as { jobId, title, values } before the 202 answer { jobId, status: \"queued\" }.";

/** Per student: the longest title and the most numbers a job may have. */
const PARAMETERS = { maxTitle: [40, 60, 80], maxValues: [10, 25, 50] };

/** What a client and the queue see of one request, the jobId written as "the jobId answered" when it is that. */
interface Outcome {
  status: number;
  answer: string;
  queued: unknown[];
}

const ANSWERED = "the jobId answered";

/** POSTs `body` and reads what the API answered and what reached the queue (emptied for the next request). */
async function observe(endpoint: string, cloud: Cloud, queue: QueueRef, body: string): Promise<Outcome> {
  const response = await fetch(`${endpoint}/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const jobId = parsed?.["jobId"];
  const answer =
    response.status === 202 && typeof jobId === "string" && jobId !== "" && parsed?.["status"] === "queued"
      ? '{ jobId, status: "queued" }'
      : response.status === 400 && typeof parsed?.["message"] === "string" && parsed["message"].trim() !== ""
        ? "{ message }"
        : `the body ${JSON.stringify(text.slice(0, 120))}`;
  // SendMessage finished before the function answered: what it queued is visible now.
  const queued: unknown[] = [];
  for (;;) {
    const { Messages } = await cloud.sqs.receiveMessage({ QueueUrl: queue.url, MaxNumberOfMessages: 10 });
    if (Messages.length === 0) break;
    for (const m of Messages) {
      await cloud.sqs.deleteMessage({ QueueUrl: queue.url, ReceiptHandle: m.ReceiptHandle });
      let job: Record<string, unknown> | string;
      try {
        const j = JSON.parse(m.Body) as Record<string, unknown>;
        job = { jobId: typeof jobId === "string" && j["jobId"] === jobId ? ANSWERED : j["jobId"], title: j["title"], values: j["values"] };
      } catch {
        job = m.Body;
      }
      queued.push(job);
    }
  }
  return { status: response.status, answer, queued };
}

/** What the API should do with `body` under the student's limits. */
function expected(body: string, limits: JobLimits): Outcome {
  let job: unknown;
  try {
    job = JSON.parse(body);
  } catch {
    return { status: 400, answer: "{ message }", queued: [] };
  }
  if (!isValidJobWithin(job, limits)) return { status: 400, answer: "{ message }", queued: [] };
  const { title, values } = job as { title: string; values: number[] };
  return { status: 202, answer: '{ jobId, status: "queued" }', queued: [{ jobId: ANSWERED, title, values }] };
}

export const submitExercise: Exercise = {
  id: ID,
  title: TITLE,
  parameters: PARAMETERS,
  check: async (answer): Promise<CheckResult> => {
    const a = readStudentAnswer(ID, PARAMETERS, answer, ["submitHandler"]);
    const limits = a.mine as unknown as JobLimits;
    const source = await a.value("submitHandler");
    if (typeof source !== "string") return { exercise: ID, title: TITLE, passed: false, message: "submitHandler() must return the handler's source code as a string (the text of index.js).", checks: 0 };
    return withTriggerSession(async (cloud) => {
      const queue = await createQueue(cloud, "capstone-jobs");
      const fn = await cloud.lambda.createFunction({ FunctionName: "submit-job", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 5, Environment: { Variables: { QUEUE_URL: queue.url } }, Code: { Source: source } });
      const api = await cloud.apiGatewayV2.createApi({ Name: "capstone-api", ProtocolType: "HTTP", Target: fn.FunctionArn, RouteKey: "POST /jobs" });
      const edge = (title: number, values: number): string[] => [JSON.stringify({ title: "t".repeat(title), values: Array<number>(values).fill(1) })];
      return compareWithReference<[string], Outcome>({
        exercise: ID,
        title: TITLE,
        learner: (body) => observe(api.ApiEndpoint, cloud, queue, body),
        reference: (body) => expected(body, limits),
        inputs: (fc) => fc.tuple(requestBodies(fc, limits)),
        // The student's own limits first, exactly at and one past each.
        examples: [edge(limits.maxTitle, limits.maxValues), edge(limits.maxTitle + 1, 1), edge(1, limits.maxValues + 1)] as [string][],
        hint: HINT,
        runs: a.runs ?? 30,
        ...(a.seed !== undefined ? { seed: a.seed } : {}),
      });
    });
  },
};
