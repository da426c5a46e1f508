// Exercises of notebook 04-lambda-triggers: an S3 handler run on real uploads, a notification filter
// run through S3's own matching, an SQS handler that reports partial batch failures through a real
// event source mapping, and an EventBridge event pattern run through EventBridge's own matcher.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRealClock } from "../../core/clock.js";
import { encodeEventKey } from "../../events/s3/s3-event.js";
import { createS3, type LambdaFunctionConfiguration } from "../../events/s3/s3-service.js";
import type { CheckResult } from "../check-result.js";
import { answerValue, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";
import { checkEventPattern, EVENT_PATTERN_TITLE } from "./event-pattern-check.js";
import { checkPartialBatch, PARTIAL_BATCH_TITLE } from "./partial-batch-check.js";
import { createQueue, nextInvocationRecord, withTriggerSession } from "./trigger-sandbox.js";

const notAString = (exercise: string, title: string): CheckResult => ({
  exercise,
  title,
  passed: false,
  message: "Pass the handler's source code as a string (the text of index.js).",
  checks: 0,
});

/** One upload as the S3 handler exercise generates it: the key as uploaded, its size, and the key as S3's event writes it. */
export interface Upload {
  Key: string;
  bytes: number;
  keyInTheEvent: string;
}

/** What the S3 handler exercise expects for one upload: one line per record, with the key as it was uploaded. */
export function expectedUploadReport(bucket: string, upload: Upload): { bucket: string; key: string; size: number }[] {
  return [{ bucket, key: upload.Key, size: upload.bytes }];
}

const S3_TITLE = "An S3 handler that reports each upload";
const S3_HINT =
  "Compare the key uploaded with the key in the event. S3 writes keys URL-encoded, form style: a space becomes '+', while a real '+', '(' or 'é' becomes a %-escape. decodeURIComponent undoes only the %-escapes: what is left to undo, and in which order, so that a real '+' (%2B) survives?";

async function checkS3Handler(answer: unknown): Promise<CheckResult> {
  const source = await answerValue(answer);
  if (typeof source !== "string") return notAString("04-s3-handler", S3_TITLE);
  return withTriggerSession(async (cloud) => {
    const bucket = "uploads";
    await cloud.lambda.createFunction({ FunctionName: "file-report", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 3, Code: { Source: source } });
    // The function's answer comes back the way it would on AWS: an invocation record in a queue.
    const records = await createQueue(cloud, "file-reports");
    await cloud.lambda.putFunctionEventInvokeConfig({
      FunctionName: "file-report",
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: records.arn }, OnFailure: { Destination: records.arn } },
    });
    await cloud.s3.createBucket({ Bucket: bucket });
    const FunctionArn = (await cloud.lambda.getFunctionConfiguration({ FunctionName: "file-report" })).FunctionArn;
    await cloud.s3.putBucketNotificationConfiguration({
      Bucket: bucket,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: FunctionArn, Events: ["s3:ObjectCreated:*"] }] },
    });
    return compareWithReference<[Upload], unknown>({
      exercise: "04-s3-handler",
      title: S3_TITLE,
      learner: async (upload) => {
        await cloud.s3.putObject({ Bucket: bucket, Key: upload.Key, Body: "x".repeat(upload.bytes) });
        const record = await nextInvocationRecord(cloud, records.url);
        if (record === undefined) throw new Error("the function was invoked, but no answer came back within 10 s");
        if (record.requestContext.condition !== "Success") {
          const failure = (record.responsePayload ?? {}) as { errorType?: string; errorMessage?: string };
          throw Object.assign(new Error(failure.errorMessage ?? "the function failed"), { name: failure.errorType ?? "Error" });
        }
        return record.responsePayload;
      },
      reference: (upload) => expectedUploadReport(bucket, upload),
      inputs: (fc) => {
        const piece = fc.constantFrom("report", "June", "2019", " ", " ", "+", "(1)", "é", "données", "日本", "/", "&", "=", "%", "~", "a", "-", "_");
        return fc.tuple(
          fc.record({ pieces: fc.array(piece, { minLength: 1, maxLength: 6 }), bytes: fc.nat({ max: 2000 }) }).map(({ pieces, bytes }) => {
            const Key = `${pieces.join("")}.csv`;
            return { Key, bytes, keyInTheEvent: encodeEventKey(Key) };
          }),
        );
      },
      runs: 30,
      hint: S3_HINT,
    });
  });
}

/** The uploads the filter exercise asks for: .jpg and .png files (lowercase, as written) anywhere under photos/. */
export function isPhotoUpload(key: string): boolean {
  return key.startsWith("photos/") && (key.endsWith(".jpg") || key.endsWith(".png"));
}

const FILTER_TITLE = "A notification configuration that sends exactly the photos";
const FILTER_HINT =
  "S3 compares a prefix and a suffix literally (no wildcards, case matters), and a filter has at most one of each: two suffixes need two configurations.";

/** How many times the `thumbnail` function would be invoked for one upload, in words. */
const times = (n: number): string => (n === 0 ? "not invoked" : n === 1 ? "invoked once" : `invoked ${n} times`);

async function checkNotificationFilter(answer: unknown): Promise<CheckResult> {
  const fail = (message: string): CheckResult => ({ exercise: "04-notification-filter", title: FILTER_TITLE, passed: false, message, hint: FILTER_HINT, checks: 0 });
  const configurations = await answerValue(answer);
  if (!Array.isArray(configurations)) return fail("Pass the LambdaFunctionConfigurations: an array of { LambdaFunctionArn, Events, Filter }.");
  // S3 itself decides which uploads notify, with its own filter matching; only the delivery is recorded.
  const dir = mkdtempSync(join(tmpdir(), "minicloud-filter-check-"));
  let invoked = 0;
  const s3 = createS3({
    clock: createRealClock(),
    dir,
    notify: async (functionArn) => {
      if (functionArn.split(":")[6] === "thumbnail") invoked++;
    },
  });
  try {
    await s3.createBucket({ Bucket: "camera-uploads" });
    try {
      await s3.putBucketNotificationConfiguration({ Bucket: "camera-uploads", NotificationConfiguration: { LambdaFunctionConfigurations: configurations as LambdaFunctionConfiguration[] } });
    } catch (error) {
      return fail(`S3 refused this configuration: ${error instanceof Error ? error.message : String(error)}`);
    }
    return await compareWithReference<[string], string>({
      exercise: "04-notification-filter",
      title: FILTER_TITLE,
      learner: async (key) => {
        invoked = 0;
        await s3.putObject({ Bucket: "camera-uploads", Key: key, Body: "" });
        return times(invoked);
      },
      reference: (key) => times(isPhotoUpload(key) ? 1 : 0),
      inputs: (fc) =>
        fc.tuple(
          fc
            .tuple(
              fc.constantFrom("photos/", "photos/2019/", "photos/raw/", "photos", "Photos/", "photos-old/", "old/photos/", ""),
              fc.constantFrom("cat", "IMG 0001", "a", "jpg", "png", "holiday.jpg"),
              fc.constantFrom(".jpg", ".png", ".JPG", ".jpeg", "jpg", "png", ".gif", ".png.tmp", ""),
            )
            .map(([folder, name, extension]) => `${folder}${name}${extension}`),
        ),
      runs: 300,
      hint: FILTER_HINT,
    });
  } finally {
    s3.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const lambdaTriggersExercises: Exercise[] = [
  { id: "04-s3-handler", title: S3_TITLE, check: checkS3Handler },
  { id: "04-notification-filter", title: FILTER_TITLE, check: checkNotificationFilter },
  {
    id: "04-partial-batch",
    title: PARTIAL_BATCH_TITLE,
    check: async (answer) => {
      const source = await answerValue(answer);
      return typeof source === "string" ? checkPartialBatch(source) : notAString("04-partial-batch", PARTIAL_BATCH_TITLE);
    },
  },
  { id: "04-event-pattern", title: EVENT_PATTERN_TITLE, check: checkEventPattern },
];
