// a3-consume (build): a Lambda consumer of the jobs queue — the pipeline's lane for small jobs — that
// writes a report of each job to S3 under the student's own prefix and reports only its poison messages
// as failed (ReportBatchItemFailures). Run behind a real event source mapping; every message's fate is
// compared with what it should be: a good job reported and deleted, a poison one in the dead-letter queue.
import { reportFigures } from "../../../labs/capstone/capstone-names.js";
import { verdict, type CheckResult } from "../../check-result.js";
import type { Exercise } from "../../exercise-registry.js";
import { readStudentAnswer } from "../student-answer.js";
import { MAPPING_FUNCTION_TIMEOUT_S, sendThroughMapping, withTriggerSession } from "../trigger-sandbox.js";
import { figuresMatch, isReportableJob, jobMessages, readJson } from "./pipeline-parts.js";

const ID = "a3-consume";
const TITLE = "A report function with partial batch responses";
const HINT =
  "For each record: parse its body in a try; a job with a jobId and 1 or more finite numbers gets its report PutObject to process.env.REPORTS_BUCKET under your prefix; any other record goes in batchItemFailures by its messageId. Never throw for one bad record: the whole batch would come back.";

/** Per student: where in the bucket the reports go. */
const PARAMETERS = { prefix: ["reports/", "lambda-reports/", "out/small/"] };

const FATE = { reported: "reported in S3 and deleted", dead: "reported as failed: it came back and ended in the dead-letter queue" };

export const consumeExercise: Exercise = {
  id: ID,
  title: TITLE,
  parameters: PARAMETERS,
  check: async (answer): Promise<CheckResult> => {
    const a = readStudentAnswer(ID, PARAMETERS, answer, ["reportHandler"]);
    const prefix = String(a.mine["prefix"]);
    const count = a.runs ?? 24;
    const source = await a.value("reportHandler");
    const result = (passed: boolean, message: string, extra: Partial<CheckResult> = {}): CheckResult => ({ ...verdict(ID, TITLE, passed, message, HINT, count), ...extra });
    if (typeof source !== "string") return result(false, "reportHandler() must return the handler's source code as a string (the text of index.js).");
    return withTriggerSession(async (cloud) => {
      const bucket = "capstone-reports";
      await cloud.s3.createBucket({ Bucket: bucket });
      await cloud.lambda.createFunction({ FunctionName: "report-job", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: MAPPING_FUNCTION_TIMEOUT_S, Environment: { Variables: { REPORTS_BUCKET: bucket } }, Code: { Source: source } });
      const outcome = await sendThroughMapping(cloud, "report-job", "capstone-jobs", await jobMessages(a.seed ?? 20190601, count));
      if ("stuck" in outcome) return result(false, outcome.stuck);
      const { sent, dead } = outcome;
      for (const [n, message] of sent.entries()) {
        const good = isReportableJob(message.body);
        const fate = dead.has(message.id) ? FATE.dead : FATE.reported;
        const failed = (actual: string): CheckResult =>
          result(false, `Message ${n + 1} of ${count} ended differently from what it should:`, { counterexample: { input: message.body, expected: good ? FATE.reported : FATE.dead, actual }, checks: n + 1 });
        if (!good) {
          if (fate !== FATE.dead) return failed(FATE.reported);
          continue;
        }
        if (fate !== FATE.reported) return failed(fate);
        const job = JSON.parse(message.body) as { jobId: string; values: number[] };
        const key = `${prefix}${job.jobId}.json`;
        const report = await readJson(cloud, bucket, key);
        if (report === undefined) return failed(`deleted, but there is no JSON report at s3://${bucket}/${key}`);
        if (report["jobId"] !== job.jobId || !figuresMatch(report, reportFigures(job.values))) {
          return failed(`its report is ${JSON.stringify(report)}; expected jobId, count, sum, mean, min and max: ${JSON.stringify({ jobId: job.jobId, ...reportFigures(job.values) })}`);
        }
      }
      return result(true, `All ${count} messages ended right: ${dead.size} poison ones in the dead-letter queue, a report of each of the others under s3://${bucket}/${prefix}.`);
    });
  },
};
