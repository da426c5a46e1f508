import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import { printedAfter } from "../../support/function-logs.js";
import { until } from "../../support/waiting.js";

// Fails about 10% of the records of each batch (partial batch response), and now and then crashes its
// environment before doing anything, which fails the whole batch.
const UNRELIABLE = `exports.handler = async (event) => {
  if (Math.random() < 0.02) process.exit(1);
  const batchItemFailures = [];
  for (const r of event.Records) {
    if (Math.random() < 0.1) batchItemFailures.push({ itemIdentifier: r.messageId });
    else console.log("DONE " + r.body);
  }
  return { batchItemFailures };
};`;

const MESSAGES = 10_000;

describe("SQS → Lambda loses nothing", { timeout: 180_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
  });
  afterAll(async () => cloud?.shutdown());

  it("10,000 messages through failures and crashes: each is processed or in the dead-letter queue, never both, none missing", async () => {
    // Its timeout is no longer than the queue's visibility timeout (1 s), as Lambda requires of a mapping.
    await cloud.lambda.createFunction({ FunctionName: "unreliable", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 1, Code: { Source: UNRELIABLE } });
    const dlq = await cloud.sqs.createQueue({ QueueName: "no-loss-dlq" });
    const dlqArn = (await cloud.sqs.getQueueAttributes({ QueueUrl: dlq.QueueUrl })).Attributes["QueueArn"]!;
    const { QueueUrl } = await cloud.sqs.createQueue({
      QueueName: "no-loss",
      Attributes: { VisibilityTimeout: "1", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
    });
    const queueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "unreliable", BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"] });
    for (let start = 0; start < MESSAGES; start += 10) {
      const sent = await cloud.sqs.sendMessageBatch({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `m${start + i}` })) });
      expect(sent.Failed).toEqual([]);
    }
    const counts = async (url: string) => {
      const a = (await cloud.sqs.getQueueAttributes({ QueueUrl: url })).Attributes;
      return Number(a["ApproximateNumberOfMessages"]) + Number(a["ApproximateNumberOfMessagesNotVisible"]);
    };
    await until(async () => ((await counts(QueueUrl)) === 0 ? true : undefined), 150_000, 250);

    const dead: string[] = [];
    for (let batch = await cloud.sqs.receiveMessage({ QueueUrl: dlq.QueueUrl, MaxNumberOfMessages: 10 }); batch.Messages.length > 0; batch = await cloud.sqs.receiveMessage({ QueueUrl: dlq.QueueUrl, MaxNumberOfMessages: 10 })) {
      dead.push(...batch.Messages.map((m) => m.Body));
    }
    const processed = new Set(printedAfter(cloud, "unreliable", "DONE "));
    const deadSet = new Set(dead);
    expect(deadSet.size).toBe(dead.length);
    expect([...deadSet].filter((body) => processed.has(body))).toEqual([]);
    expect(processed.size + deadSet.size).toBe(MESSAGES);
    const missing = Array.from({ length: MESSAGES }, (_, i) => `m${i}`).filter((body) => !processed.has(body) && !deadSet.has(body));
    expect(missing).toEqual([]);
    // About 1% of messages fail twice; crashes add a few more. None of this is luck-free, so only bounds are checked.
    expect(deadSet.size).toBeGreaterThan(0);
    const errors = cloud.lambda.metrics.getMetricStatistics({ FunctionName: "unreliable", MetricName: "Errors", Statistics: ["Sum"], Period: 3600, StartTime: 0, EndTime: Date.now() + 60_000 });
    expect(errors.Datapoints.reduce((n, d) => n + (d.Sum ?? 0), 0)).toBeGreaterThan(0);
  });
});
