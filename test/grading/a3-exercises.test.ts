// The exercises of assignment a3-capstone: a right answer passes, and each typical mistake is caught with
// a counterexample from the library — the pipeline's pieces run for real on the process engine.
import { describe, expect, it } from "vitest";
import { check, exerciseParameters, fargateCost, isFargateSize, lambdaCost, type RegisterTaskDefinitionRequest } from "minicloud";
import { capstoneAssignmentExercises } from "../../src/grading/exercises/a3-capstone/index.js";
import { monthlyJobCosts } from "../../src/grading/exercises/a3-capstone/lambda-or-fargate-exercise.js";

const student = "ada";

/** Every combination of an exercise's parameters: every student's numbers, whoever they are. */
function everyCombination(id: string): Record<string, number | string>[] {
  const choices = capstoneAssignmentExercises.find((e) => e.id === id)!.parameters!;
  return Object.entries(choices).reduce<Record<string, number | string>[]>((all, [name, values]) => all.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v }))), [{}]);
}

describe("every student's numbers", () => {
  it("a3-worker: each task size is one Fargate offers", () => {
    for (const { taskSize } of everyCombination("a3-worker")) {
      const [cpu, memory] = String(taskSize).split("/").map(Number) as [number, number];
      expect(isFargateSize(cpu, memory), String(taskSize)).toBe(true);
    }
  });

  it("a3-lambda-or-fargate: some students' workloads are cheaper on Lambda, others on Fargate", () => {
    const choices = new Set(everyCombination("a3-lambda-or-fargate").map(({ jobsPerMonth, secondsPerJob, memoryMB }) => {
      const { lambda, fargate } = monthlyJobCosts(Number(jobsPerMonth), Number(secondsPerJob), Number(memoryMB));
      return lambda < fargate ? "LAMBDA" : "FARGATE";
    }));
    expect([...choices].sort()).toEqual(["FARGATE", "LAMBDA"]);
  });
});

/** The submit function's source for these limits; `mistake` swaps one line for a typical wrong one. */
function submitHandler(maxTitle: number, maxValues: number, mistake?: { from: string; to: string }): string {
  const source = `
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({});
const answer = (statusCode, value) => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
exports.handler = async (event, context) => {
  let job;
  try { job = JSON.parse(event.body ?? ""); } catch { return answer(400, { message: "The body must be JSON." }); }
  const ok = typeof job === "object" && job !== null && !Array.isArray(job)
    && typeof job.title === "string" && job.title.trim().length > 0 && job.title.length <= ${maxTitle}
    && Array.isArray(job.values) && job.values.length >= 1 && job.values.length <= ${maxValues}
    && job.values.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!ok) return answer(400, { message: "A job has a title and 1 to ${maxValues} numbers." });
  const jobId = context.awsRequestId;
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ jobId, title: job.title, values: job.values }) }));
  return answer(202, { jobId, status: "queued" });
};`;
  if (mistake === undefined) return source;
  expect(source).toContain(mistake.from);
  return source.replace(mistake.from, mistake.to);
}

/** The report function's source for this prefix. */
function reportHandler(prefix: string, mistake?: { from: string; to: string }): string {
  const source = `
const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");
const s3 = new S3Client({});
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    let job;
    try { job = JSON.parse(record.body); } catch { job = null; }
    const ok = job !== null && typeof job === "object" && typeof job.jobId === "string" && job.jobId !== "" && typeof job.title === "string"
      && Array.isArray(job.values) && job.values.length > 0 && job.values.every((v) => typeof v === "number" && Number.isFinite(v));
    if (!ok) { batchItemFailures.push({ itemIdentifier: record.messageId }); continue; }
    const sum = job.values.reduce((a, b) => a + b, 0);
    const report = { jobId: job.jobId, title: job.title, count: job.values.length, sum, mean: sum / job.values.length, min: Math.min(...job.values), max: Math.max(...job.values) };
    await s3.send(new PutObjectCommand({ Bucket: process.env.REPORTS_BUCKET, Key: "${prefix}" + job.jobId + ".json", Body: JSON.stringify(report) }));
  }
  return { batchItemFailures };
};`;
  if (mistake === undefined) return source;
  expect(source).toContain(mistake.from);
  return source.replace(mistake.from, mistake.to);
}

describe("a3-submit", { timeout: 120_000 }, () => {
  const { maxTitle, maxValues } = exerciseParameters("a3-submit", student) as { maxTitle: number; maxValues: number };

  it("passes a function that refuses bad jobs with 400 and queues good ones", async () => {
    const result = await check("a3-submit", { student, submitHandler: submitHandler(maxTitle, maxValues) });
    expect(result).toMatchObject({ passed: true });
  });

  it("catches a limit that is not the student's, at the limit itself", async () => {
    const result = await check("a3-submit", { student, submitHandler: submitHandler(maxTitle, maxValues, { from: `job.values.length <= ${maxValues}`, to: `job.values.length < ${maxValues}` }) });
    expect(result).toMatchObject({ passed: false, counterexample: { expected: expect.stringContaining("202") } });
  });

  it("catches a function that crashes on a body that is not JSON", async () => {
    const result = await check("a3-submit", { student, submitHandler: submitHandler(maxTitle, maxValues, { from: 'try { job = JSON.parse(event.body ?? ""); } catch { return answer(400, { message: "The body must be JSON." }); }', to: "job = JSON.parse(event.body);" }) });
    expect(result).toMatchObject({ passed: false, counterexample: { expected: expect.stringContaining("400") } });
  });
});

describe("a3-consume", { timeout: 120_000 }, () => {
  const { prefix } = exerciseParameters("a3-consume", student) as { prefix: string };

  it("passes a function that reports each good job under the student's prefix and only the poison ones as failed", async () => {
    expect(await check("a3-consume", { student, reportHandler: reportHandler(prefix) })).toMatchObject({ passed: true });
  });

  it("catches a function that throws on a poison message: good jobs of its batch come back too", async () => {
    const result = await check("a3-consume", { student, reportHandler: reportHandler(prefix, { from: "batchItemFailures.push({ itemIdentifier: record.messageId }); continue;", to: 'throw new Error("bad job");' }) });
    expect(result.passed).toBe(false);
    expect(result.counterexample?.expected).toContain("reported in S3");
  });

  it("catches reports written under another prefix", async () => {
    const result = await check("a3-consume", { student, reportHandler: reportHandler("elsewhere/") });
    expect(result).toMatchObject({ passed: false, counterexample: { actual: expect.stringContaining(`no JSON report at s3://capstone-reports/${prefix}`) } });
  });
});

describe("a3-worker", { timeout: 120_000 }, () => {
  const mine = exerciseParameters("a3-worker", student) as { family: string; taskSize: string; stopTimeout: number };
  const [cpu, memory] = mine.taskSize.split("/");
  const definition = (queueUrl: string, bucket: string): RegisterTaskDefinitionRequest => ({
    family: mine.family,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu,
    memory,
    containerDefinitions: [
      { name: "worker", image: "minicloud/capstone-worker", essential: true, stopTimeout: mine.stopTimeout, environment: [{ name: "QUEUE_URL", value: queueUrl }, { name: "REPORTS_BUCKET", value: bucket }] },
    ],
  });

  it("passes a Fargate definition whose worker turns a queued job into a report in S3 and stops cleanly", async () => {
    const result = await check("a3-worker", { student, workerTaskDefinition: definition });
    expect(result.message).toContain("its report landed in S3");
    expect(result.passed).toBe(true);
  });

  it("quotes ECS's refusal of a Fargate definition in bridge mode", async () => {
    const result = await check("a3-worker", { student, workerTaskDefinition: (q: string, b: string) => ({ ...definition(q, b), networkMode: "bridge" }) });
    expect(result).toMatchObject({ passed: false, message: expect.stringMatching(/ECS would refuse it: ClientException/) });
  });

  it("names a worker that has no bucket to write to", async () => {
    const result = await check("a3-worker", { student, workerTaskDefinition: (q: string) => definition(q, "reports") });
    expect(result).toMatchObject({ passed: false, message: expect.stringContaining("REPORTS_BUCKET") });
  });
});

describe("a3-lambda-or-fargate and a3-poison", () => {
  const monthlyCosts = (jobs: number, seconds: number, memoryMB: number) => ({
    lambda: lambdaCost({ requests: jobs, durationMs: seconds * 1000, memoryMB }).total,
    fargate: fargateCost({ vcpu: 1, memoryGB: memoryMB / 1024, durationSeconds: 730 * 3600, tasks: Math.max(2, Math.ceil((jobs * seconds) / (730 * 3600))) }).total,
  });
  const mine = exerciseParameters("a3-lambda-or-fargate", student) as { jobsPerMonth: number; secondsPerJob: number; memoryMB: number };
  const choice = (): string => {
    const c = monthlyCosts(mine.jobsPerMonth, mine.secondsPerJob, mine.memoryMB);
    return c.lambda < c.fargate ? "LAMBDA" : "FARGATE";
  };

  it("a3-lambda-or-fargate: passes the pricing module's costs and the cheaper choice, and catches one always-on worker", async () => {
    expect(await check("a3-lambda-or-fargate", { student, monthlyCosts, yourChoice: choice })).toMatchObject({ passed: true });
    const oneWorker = (j: number, s: number, m: number) => ({ ...monthlyCosts(j, s, m), fargate: fargateCost({ vcpu: 1, memoryGB: m / 1024, durationSeconds: 730 * 3600, tasks: Math.ceil((j * s) / (730 * 3600)) }).total });
    expect(await check("a3-lambda-or-fargate", { student, monthlyCosts: oneWorker, yourChoice: choice })).toMatchObject({ passed: false, counterexample: expect.anything() });
    const wrongChoice = () => (choice() === "LAMBDA" ? "FARGATE" : "LAMBDA");
    expect(await check("a3-lambda-or-fargate", { student, monthlyCosts, yourChoice: wrongChoice })).toMatchObject({ passed: false, message: expect.stringContaining("yourChoice() does not match") });
  });

  const poisonTimeline = (v: number, max: number, p: number) => {
    const next = (t: number) => Math.ceil(t / p) * p;
    const receivedAt = [0];
    while (receivedAt.length < max) receivedAt.push(next(receivedAt.at(-1)! + v));
    return { receivedAt, deadLetterAt: next(receivedAt.at(-1)! + v) };
  };
  const p = exerciseParameters("a3-poison", student) as { visibilityTimeout: number; maxReceiveCount: number; pollEvery: number };

  it("a3-poison: passes a timeline that follows SQS, and catches one that forgets the workers poll", async () => {
    const yourTimeline = () => poisonTimeline(p.visibilityTimeout, p.maxReceiveCount, p.pollEvery);
    expect(await check("a3-poison", { student, poisonTimeline, yourTimeline })).toMatchObject({ passed: true });
    const exact = (v: number, max: number) => ({ receivedAt: Array.from({ length: max }, (_, i) => i * v), deadLetterAt: max * v });
    const result = await check("a3-poison", { student, poisonTimeline: exact, yourTimeline });
    expect(result).toMatchObject({ passed: false, counterexample: expect.anything() });
  });
});
