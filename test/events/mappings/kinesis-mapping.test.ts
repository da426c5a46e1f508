import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import { printedAfter } from "../../support/function-logs.js";
import { until } from "../../support/waiting.js";

// Processes records in order and stops at the first failure, reporting it: Lambda then retries from there.
// Now and then the environment crashes before touching the batch, which fails the whole batch.
const FLAKY = `exports.handler = async (event) => {
  if (Math.random() < 0.05) process.exit(1);
  for (const r of event.Records) {
    if (Math.random() < 0.1) return { batchItemFailures: [{ itemIdentifier: r.kinesis.sequenceNumber }] };
    console.log("DONE " + r.eventID.split(":")[0] + " " + r.kinesis.partitionKey + " " + Buffer.from(r.kinesis.data, "base64").toString());
  }
  return { batchItemFailures: [] };
};`;

describe("Kinesis → Lambda event source mappings", { timeout: 120_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process", timeScale: 0.01 });
  });
  afterAll(async () => cloud?.shutdown());

  /** Puts `count` records over `keys` partition keys; returns each shard's records (as "key n") in order. */
  const fill = async (stream: string, shards: number, count: number, keys: number) => {
    await cloud.kinesis.createStream({ StreamName: stream, ShardCount: shards });
    const perShard = new Map<string, string[]>();
    for (let start = 0; start < count; start += 250) {
      const Records = Array.from({ length: Math.min(250, count - start) }, (_, i) => ({ PartitionKey: `key-${(start + i) % keys}`, Data: String(start + i) }));
      const result = await cloud.kinesis.putRecords({ StreamName: stream, Records });
      expect(result.FailedRecordCount).toBe(0);
      result.Records.forEach((r, i) => {
        const list = perShard.get((r as { ShardId: string }).ShardId) ?? [];
        list.push(`${Records[i]!.PartitionKey} ${Records[i]!.Data}`);
        perShard.set((r as { ShardId: string }).ShardId, list);
      });
      await cloud.clock.sleep(300);
    }
    return { arn: (await cloud.kinesis.describeStream({ StreamName: stream })).StreamDescription.StreamARN, perShard };
  };

  it("keeps each shard's order through partial failures, retries and crashed environments, and processes every record once", async () => {
    await cloud.lambda.createFunction({ FunctionName: "in-order", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: FLAKY } });
    const { arn, perShard } = await fill("orders", 3, 1500, 40);
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: arn, FunctionName: "in-order", StartingPosition: "TRIM_HORIZON", BatchSize: 50, FunctionResponseTypes: ["ReportBatchItemFailures"] });
    const done = () => printedAfter(cloud, "in-order", "DONE ");
    await until(async () => (done().length >= 1500 ? true : undefined), 100_000, 200);
    for (const [shardId, records] of perShard) {
      expect(done().filter((line) => line.startsWith(shardId + " ")).map((line) => line.slice(shardId.length + 1))).toEqual(records);
    }
    expect(done()).toHaveLength(1500);
  });

  it("with ParallelizationFactor, processes several batches of a shard at once and keeps each partition key in order", async () => {
    await cloud.lambda.createFunction({ FunctionName: "parallel", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: FLAKY } });
    const { arn, perShard } = await fill("wide", 1, 600, 12);
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: arn, FunctionName: "parallel", StartingPosition: "TRIM_HORIZON", BatchSize: 20, ParallelizationFactor: 4, FunctionResponseTypes: ["ReportBatchItemFailures"] });
    const done = () => printedAfter(cloud, "parallel", "DONE ").map((line) => line.split(" ").slice(1).join(" "));
    await until(async () => (done().length >= 600 ? true : undefined), 100_000, 200);
    const byKey = (lines: string[], key: string) => lines.filter((l) => l.startsWith(key + " "));
    for (let k = 0; k < 12; k++) expect(byKey(done(), `key-${k}`)).toEqual(byKey(perShard.get("shardId-000000000000")!, `key-${k}`));
    expect(done()).toHaveLength(600);
  });

  it("bisects a failing batch, discards the poisoned record after its retries, and describes it to the on-failure queue", async () => {
    await cloud.lambda.createFunction({
      FunctionName: "poisoned",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: {
        Source: `exports.handler = async (event) => {
  const words = event.Records.map((r) => Buffer.from(r.kinesis.data, "base64").toString());
  if (words.includes("poison")) throw new Error("cannot digest poison");
  for (const w of words) console.log("ATE " + w);
};`,
      },
    });
    const dlq = await cloud.sqs.createQueue({ QueueName: "kinesis-failures" });
    const dlqArn = (await cloud.sqs.getQueueAttributes({ QueueUrl: dlq.QueueUrl })).Attributes["QueueArn"]!;
    await cloud.kinesis.createStream({ StreamName: "meals" });
    const words = ["bread", "soup", "rice", "poison", "fish", "cake", "tea", "pie"];
    const puts = await cloud.kinesis.putRecords({ StreamName: "meals", Records: words.map((w) => ({ PartitionKey: "table-1", Data: w })) });
    const StreamARN = (await cloud.kinesis.describeStream({ StreamName: "meals" })).StreamDescription.StreamARN;
    const mapping = await cloud.eventSourceMappings.createEventSourceMapping({
      EventSourceArn: StreamARN,
      FunctionName: "poisoned",
      StartingPosition: "TRIM_HORIZON",
      BatchSize: 8,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: dlqArn } },
    });
    const message = await until(async () => (await cloud.sqs.receiveMessage({ QueueUrl: dlq.QueueUrl })).Messages[0], 30_000, 100);
    const eaten = printedAfter(cloud, "poisoned", "ATE ");
    expect(eaten).toEqual(["bread", "soup", "rice", "fish", "cake", "tea", "pie"]);
    const poison = (puts.Records[3] as { SequenceNumber: string }).SequenceNumber;
    expect(JSON.parse(message.Body)).toEqual({
      requestContext: { requestId: expect.any(String), functionArn: "arn:aws:lambda:us-east-1:123456789012:function:poisoned", condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      version: "1.0",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      KinesisBatchInfo: {
        shardId: "shardId-000000000000",
        startSequenceNumber: poison,
        endSequenceNumber: poison,
        approximateArrivalOfFirstRecord: expect.any(String),
        approximateArrivalOfLastRecord: expect.any(String),
        batchSize: 1,
        streamArn: StreamARN,
      },
    });
    expect((await cloud.eventSourceMappings.getEventSourceMapping({ UUID: mapping.UUID })).LastProcessingResult).toBe("OK");
  });

  it("starts at LATEST, pauses while disabled, and refuses bad mapping input naming the field", async () => {
    await cloud.lambda.createFunction({ FunctionName: "latest", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: 'exports.handler = async (e) => { for (const r of e.Records) console.log("SAW " + Buffer.from(r.kinesis.data, "base64")); };' } });
    await cloud.kinesis.createStream({ StreamName: "news" });
    await cloud.kinesis.putRecord({ StreamName: "news", PartitionKey: "p", Data: "old" });
    const StreamARN = (await cloud.kinesis.describeStream({ StreamName: "news" })).StreamDescription.StreamARN;
    const mapping = await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: StreamARN, FunctionName: "latest", StartingPosition: "LATEST", Enabled: false });
    await cloud.kinesis.putRecord({ StreamName: "news", PartitionKey: "p", Data: "new" });
    await cloud.clock.sleep(200);
    expect(printedAfter(cloud, "latest", "SAW ")).toEqual([]);
    await cloud.eventSourceMappings.updateEventSourceMapping({ UUID: mapping.UUID, Enabled: true });
    await until(async () => (printedAfter(cloud, "latest", "SAW ").length > 0 ? true : undefined), 10_000);
    expect(printedAfter(cloud, "latest", "SAW ")).toEqual(["new"]);
    const create = (extra: object) => cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: StreamARN, FunctionName: "latest", StartingPosition: "LATEST", ...extra });
    await expect(create({ BatchSize: 10_001 })).rejects.toMatchObject({ name: "InvalidParameterValueException", field: "BatchSize" });
    await expect(create({ StartingPosition: undefined })).rejects.toMatchObject({ field: "StartingPosition" });
    await expect(create({ EventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/ghost" })).rejects.toMatchObject({ field: "EventSourceArn" });
    await expect(cloud.eventSourceMappings.updateEventSourceMapping({ UUID: mapping.UUID, MaximumRetryAttempts: -5 })).rejects.toMatchObject({ field: "MaximumRetryAttempts" });
    await expect(cloud.eventSourceMappings.getEventSourceMapping({ UUID: "nope" })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect((await cloud.eventSourceMappings.listEventSourceMappings({ FunctionName: "latest" })).EventSourceMappings).toHaveLength(1);
    expect((await cloud.eventSourceMappings.deleteEventSourceMapping({ UUID: mapping.UUID })).State).toBe("Deleting");
  });
});
