import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { SQSEvent } from "aws-lambda";
import { shape } from "../../support/event-samples.js";
import { printedAfter } from "../../support/function-logs.js";
import { until } from "../../support/waiting.js";

// The handlers print "DONE <group> <body>" for each message they processed, in the order they did.
const HANDLERS: Record<string, string> = {
  // Processes everything.
  reliable: `exports.handler = async (event) => { for (const r of event.Records) console.log("DONE " + r.attributes.MessageGroupId + " " + r.body); };`,
  // Follows AWS's rule for FIFO partial batch responses: after the first failure, stop, and report it and
  // every message after it. A body starting with "flaky" fails on its first delivery.
  "by-the-rule": `exports.handler = async (event) => {
  const records = event.Records;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.body.startsWith("flaky") && r.attributes.ApproximateReceiveCount === "1") {
      return { batchItemFailures: records.slice(i).map((rest) => ({ itemIdentifier: rest.messageId })) };
    }
    console.log("DONE " + r.attributes.MessageGroupId + " " + r.body);
  }
  return { batchItemFailures: [] };
};`,
  // Reports only the message that failed and carries on with the rest: AWS deletes the rest, so the failed
  // message is processed after them.
  "only-the-failed": `exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    if (r.body.startsWith("flaky") && r.attributes.ApproximateReceiveCount === "1") batchItemFailures.push({ itemIdentifier: r.messageId });
    else console.log("DONE " + r.attributes.MessageGroupId + " " + r.body);
  }
  return { batchItemFailures };
};`,
  // Throws (the whole batch fails) the first time it sees a flaky message.
  thrower: `exports.handler = async (event) => {
  if (event.Records.some((r) => r.body.startsWith("flaky") && r.attributes.ApproximateReceiveCount === "1")) throw new Error("try again");
  for (const r of event.Records) console.log("DONE " + r.attributes.MessageGroupId + " " + r.body);
};`,
  recorder: `exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); };`,
};

describe("event source mappings on FIFO queues", { timeout: 120_000 }, () => {
  let cloud: Cloud;
  /** Per group, the bodies a function processed, in order. */
  const processed = (fn: string) => {
    const out: Record<string, string[]> = {};
    for (const line of printedAfter(cloud, fn, "DONE ")) {
      const [group, body] = line.split(" ") as [string, string];
      (out[group] ??= []).push(body);
    }
    return out;
  };
  /** A FIFO queue (content-based deduplication, 1 s visibility timeout: Lambda requires at least the functions' 1 s timeout) with a mapping to `fn`. */
  const mappedQueue = async (name: string, fn: string) => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true", VisibilityTimeout: "1" } });
    const QueueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: QueueArn, FunctionName: fn, BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"] });
    return QueueUrl;
  };
  const drained = (QueueUrl: string) =>
    until(async () => {
      const a = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes;
      return a["ApproximateNumberOfMessages"] === "0" && a["ApproximateNumberOfMessagesNotVisible"] === "0" ? true : undefined;
    }, 60_000, 100);
  const send = async (QueueUrl: string, messages: [string, string][]) => {
    for (let i = 0; i < messages.length; i += 10) {
      const Entries = messages.slice(i, i + 10).map(([MessageGroupId, MessageBody], j) => ({ Id: String(j), MessageGroupId, MessageBody }));
      expect((await cloud.sqs.sendMessageBatch({ QueueUrl, Entries })).Failed).toEqual([]);
    }
  };

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process", timeScale: 0.1 });
    for (const [FunctionName, Source] of Object.entries(HANDLERS)) await cloud.lambda.createFunction({ FunctionName, Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 1, Code: { Source } });
  });
  afterAll(async () => cloud?.shutdown());

  it("give the function every group's messages in send order, each once, though producers send some twice", async () => {
    // Generated: 80 sends over 4 groups; about one in four repeats the previous body of its group (a retry).
    const [sends] = fc.sample(fc.array(fc.tuple(fc.constantFrom("g1", "g2", "g3", "g4"), fc.boolean(), fc.boolean()), { minLength: 80, maxLength: 80 }), { numRuns: 1, seed: 20190601 });
    const expected: Record<string, string[]> = {};
    const messages: [string, string][] = [];
    for (const [i, [group, retry, again]] of sends!.entries()) {
      const last = expected[group]?.at(-1);
      const body = retry && again && last ? last : `m${i}`;
      if (body !== last) (expected[group] ??= []).push(body);
      messages.push([group, body]);
    }
    const QueueUrl = await mappedQueue("generated", "reliable");
    await send(QueueUrl, messages);
    await drained(QueueUrl);
    expect(processed("reliable")).toEqual(expected);
  });

  it("keep a group's order through failures when the function reports the failed message and all after it", async () => {
    const QueueUrl = await mappedQueue("by-the-rule", "by-the-rule");
    await send(QueueUrl, [["a", "a1"], ["a", "flaky-a2"], ["a", "a3"], ["b", "b1"], ["b", "b2"], ["a", "a4"]]);
    await drained(QueueUrl);
    expect(processed("by-the-rule")).toEqual({ a: ["a1", "flaky-a2", "a3", "a4"], b: ["b1", "b2"] });
  });

  it("keep a group's order when the function fails the whole batch: the group waits for its visibility timeout", async () => {
    const QueueUrl = await mappedQueue("thrower", "thrower");
    await send(QueueUrl, [["a", "a1"], ["a", "flaky-a2"], ["a", "a3"]]);
    await drained(QueueUrl);
    expect(processed("thrower")).toEqual({ a: ["a1", "flaky-a2", "a3"] });
  });

  it("delete what the function does not report, as AWS does: reporting only the failed message reorders its group", async () => {
    const QueueUrl = await mappedQueue("only-the-failed", "only-the-failed");
    await send(QueueUrl, [["a", "a1"], ["a", "flaky-a2"], ["a", "a3"]]);
    await drained(QueueUrl);
    expect(processed("only-the-failed")).toEqual({ a: ["a1", "a3", "flaky-a2"] });
  });

  it("refuse a batching window and batches over 10 for a FIFO queue, as Lambda does", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "settings.fifo", Attributes: { FifoQueue: "true" } });
    const EventSourceArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await expect(cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn, FunctionName: "reliable", MaximumBatchingWindowInSeconds: 5 })).rejects.toMatchObject({
      field: "MaximumBatchingWindowInSeconds",
      message: expect.stringContaining("not supported for FIFO queues"),
    });
    await expect(cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn, FunctionName: "reliable", BatchSize: 11, MaximumBatchingWindowInSeconds: 0 })).rejects.toMatchObject({ field: "BatchSize" });
  });

  it("deliver records with the FIFO attributes of AWS's documented FIFO queue event", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "fidelity.fifo", Attributes: { FifoQueue: "true" } });
    const EventSourceArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    const sent = await cloud.sqs.sendMessage({ QueueUrl, MessageBody: "Test message.", MessageGroupId: "1", MessageDeduplicationId: "1" });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn, FunctionName: "recorder" });
    const event = await until(async () => printedAfter(cloud, "recorder", "EVENT ").map((t) => JSON.parse(t) as SQSEvent)[0], 20_000);
    // The example event for a FIFO queue in "Using Lambda with Amazon SQS":
    // https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-fifo-queue-message-event
    const documented: SQSEvent = {
      Records: [
        {
          messageId: "11d6ee51-4cc7-4302-9e22-7cd8afdaadf5",
          receiptHandle: "AQEBBX8nesZEXmkhsmZeyIE8iQAMig7qw...",
          body: "Test message.",
          attributes: {
            ApproximateReceiveCount: "1",
            SentTimestamp: "1573251510774",
            SequenceNumber: "18849496460467696128",
            MessageGroupId: "1",
            SenderId: "AIDAIO23YVJENQZJOL4VO",
            MessageDeduplicationId: "1",
            ApproximateFirstReceiveTimestamp: "1573251510774",
          },
          messageAttributes: {},
          md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:us-east-2:123456789012:fifo.fifo",
          awsRegion: "us-east-2",
        },
      ],
    };
    // The documented messageId is a uuid like ours; the example's account-specific values aside, the shapes agree.
    expect(shape(event)).toEqual(shape(documented));
    expect(event.Records[0]!.attributes).toMatchObject({ MessageGroupId: "1", MessageDeduplicationId: "1", SequenceNumber: sent.SequenceNumber });
    expect(event.Records[0]!.md5OfBody).toBe(documented.Records[0]!.md5OfBody);
  });
});
