// a3-lambda-or-fargate (predict): a month of the pipeline's jobs on Lambda (billed per request and per
// GB-second) against a Fargate service of always-on workers, priced with minicloud's pricing module on
// generated workloads, then the student's own: which launch choice costs less.
import { fargateCost, HOURS_PER_MONTH, lambdaCost } from "../../../pricing/calculators.js";
import { generalThenYoursExercise } from "../general-then-yours.js";

type Args = [jobsPerMonth: number, secondsPerJob: number, memoryMB: number];
type Costs = { lambda: number; fargate: number };

/** The fewest workers a service keeps running: two, so that one dying never stops the pipeline (notebook 11). */
const MIN_WORKERS = 2;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

const HINT =
  "Lambda: one request per job, each billed its duration at memoryMB (today's rule, no free tier): lambdaCost does this. Fargate: workers of 1 vCPU and memoryMB MiB, each busy with one job at a time, run all month (730 hours); the service needs enough of them for the month's work, and never fewer than 2: fargateCost prices them.";

/** Per student: a month's jobs, the seconds each takes, and the memory a job needs. */
const PARAMETERS = {
  jobsPerMonth: [20_000, 150_000, 900_000, 4_000_000],
  secondsPerJob: [2, 6, 15],
  memoryMB: [2048, 4096],
};

/** What a month of these jobs costs on Lambda and on a Fargate service of always-on workers. */
export function monthlyJobCosts(...[jobsPerMonth, secondsPerJob, memoryMB]: Args): Costs {
  const lambda = lambdaCost({ requests: jobsPerMonth, durationMs: secondsPerJob * 1000, memoryMB, rule: "current" }).total;
  const workers = Math.max(MIN_WORKERS, Math.ceil((jobsPerMonth * secondsPerJob) / SECONDS_PER_MONTH));
  const fargate = fargateCost({ vcpu: 1, memoryGB: memoryMB / 1024, durationSeconds: SECONDS_PER_MONTH, tasks: workers }).total;
  return { lambda, fargate };
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(1e-6, Math.abs(b) * 1e-6);

export const lambdaOrFargateExercise = generalThenYoursExercise<Args, Costs, "LAMBDA" | "FARGATE">({
  id: "a3-lambda-or-fargate",
  title: "Lambda or Fargate for the jobs?",
  hint: HINT,
  parameters: PARAMETERS,
  general: "monthlyCosts",
  own: "yourChoice",
  reference: monthlyJobCosts,
  // Fargate's sizes for 1 vCPU: 2 to 8 GB, in whole GB.
  inputs: (fc) => fc.tuple(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 1, max: 900 }), fc.integer({ min: 2, max: 8 }).map((gb) => gb * 1024)),
  equals: (actual, expected) => {
    const a = actual as Partial<Costs> | null;
    return typeof a?.lambda === "number" && typeof a.fargate === "number" && close(a.lambda, expected.lambda) && close(a.fargate, expected.fargate);
  },
  runs: 200,
  mine: (values) => {
    const mine: Args = [Number(values["jobsPerMonth"]), Number(values["secondsPerJob"]), Number(values["memoryMB"])];
    return {
      examples: [mine],
      expected: () => {
        const { lambda, fargate } = monthlyJobCosts(...mine);
        return lambda < fargate ? "LAMBDA" : "FARGATE";
      },
      describe: `your workload: ${mine[0]} jobs a month, ${mine[1]} s each, at ${mine[2]} MB`,
    };
  },
});
