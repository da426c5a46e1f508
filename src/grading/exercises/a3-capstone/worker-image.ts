// The queue worker the a3 checks run on ECS: notebook 11's worker — one job at a time from SQS, a report
// of each to S3, deleted only once the report is written, and a clean exit on SIGTERM — bundled with the
// AWS SDK by esbuild onto minicloud/node, as the lab builds it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../../core/package-root.js";
import { ensureBaseImage } from "../../../engines/base-image.js";
import type { ContainerEngine } from "../../../engines/types.js";

/** The image the student's task definition names: the check builds it in its own session. */
export const WORKER_IMAGE = "minicloud/capstone-worker";

const WORKER_SOURCE = `
const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = require("@aws-sdk/client-sqs");
const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");
const queueUrl = process.env.QUEUE_URL;
const bucket = process.env.REPORTS_BUCKET;
const sqs = new SQSClient({});
const s3 = new S3Client({});
const stopping = new AbortController();
process.on("SIGTERM", () => stopping.abort());

async function work(message) {
  const job = JSON.parse(message.Body);
  const sum = job.values.reduce((a, b) => a + b, 0);
  const report = { jobId: job.jobId, title: job.title, count: job.values.length, sum, mean: sum / job.values.length, min: Math.min(...job.values), max: Math.max(...job.values) };
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "reports/" + job.jobId + ".json", Body: JSON.stringify(report), ContentType: "application/json" }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  console.log("reported " + job.jobId);
}

async function main() {
  if (!queueUrl || !bucket) throw new Error("QUEUE_URL and REPORTS_BUCKET must be set in the container's environment");
  console.log("waiting for jobs on " + queueUrl);
  while (!stopping.signal.aborted) {
    const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5 }), { abortSignal: stopping.signal }).catch((error) => {
      if (stopping.signal.aborted) return { Messages: [] };
      throw error;
    });
    for (const message of answer.Messages ?? []) await work(message);
  }
  console.log("stopped: SIGTERM");
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

/** Builds the worker image on `engine` (its base image first); the bundle's folder is removed afterwards. */
export async function buildWorkerImage(engine: ContainerEngine): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "minicloud-a3-worker-"));
  try {
    mkdirSync(join(work, "image"));
    writeFileSync(join(work, "worker.js"), WORKER_SOURCE);
    const esbuild = await import("esbuild");
    await esbuild.build({
      entryPoints: [join(work, "worker.js")],
      outfile: join(work, "image", "worker.js"),
      bundle: true,
      platform: "node",
      target: "node20",
      logLevel: "error",
      nodePaths: [join(packageRoot(), "node_modules")],
    });
    writeFileSync(
      join(work, "image", "Dockerfile"),
      ["FROM minicloud/node", "WORKDIR /app", "COPY worker.js /app/", "ENV AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true", 'CMD ["node", "worker.js"]', ""].join("\n"),
    );
    await ensureBaseImage(engine);
    await engine.buildImage({ context: join(work, "image"), tag: WORKER_IMAGE });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
