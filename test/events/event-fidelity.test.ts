import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { AttributeValue, DynamoDBStreamEvent, DynamoDBStreamHandler, KinesisStreamEvent, KinesisStreamHandler, SQSEvent, SQSHandler } from "aws-lambda";
import { readSample as sampleEvent, sampleEvents as haveSamples, shape } from "../support/event-samples.js";
import { printedAfter } from "../support/function-logs.js";
import { until } from "../support/waiting.js";

// Handlers typed with @types/aws-lambda, as a learner writes them for AWS; their compiled text is the function's code.
const onMessages: SQSHandler = async (event) => {
  console.log("EVENT " + JSON.stringify(event));
};
const onRecords: KinesisStreamHandler = async (event) => {
  console.log("EVENT " + JSON.stringify(event));
};
const onChanges: DynamoDBStreamHandler = async (event) => {
  console.log("EVENT " + JSON.stringify(event));
};

describe.skipIf(haveSamples.skip)(`events have exactly the structure of AWS's samples ${haveSamples.reason}`, { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const eventsOf = <T>(fn: string) => until(async () => printedAfter(cloud, fn, "EVENT ").map((t) => JSON.parse(t) as T)[0]);

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process", timeScale: 0.05 });
    for (const [name, handler] of [["on-messages", onMessages], ["on-records", onRecords], ["on-changes", onChanges]] as const) {
      await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: `exports.handler = ${handler.toString()};` } });
    }
  });
  afterAll(async () => cloud?.shutdown());

  it("SQS: an SQSEvent with message attributes of each type, as sqs-event.json", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "fidelity" });
    const QueueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    const sent = await cloud.sqs.sendMessage({
      QueueUrl,
      MessageBody: "Message Body",
      MessageAttributes: {
        Attribute1: { DataType: "String", StringValue: "AttributeValue1" },
        Attribute2: { DataType: "Number", StringValue: "123" },
        Attribute3: { DataType: "Binary", BinaryValue: new TextEncoder().encode("1100") },
      },
    });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: QueueArn, FunctionName: "on-messages" });
    const ours = await eventsOf<SQSEvent>("on-messages");
    const sample = sampleEvent<SQSEvent>("sqs-event.json");
    // The list values are "reserved for future use" (SQS API reference): SQS never fills them in.
    for (const attribute of Object.values(sample.Records[0]!.messageAttributes)) Object.assign(attribute, { stringListValues: [], binaryListValues: [] });
    // The sample's messageId is a placeholder ("MessageID_1"); SQS's message ids are UUIDs.
    expect(ours.Records[0]!.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    sample.Records[0]!.messageId = ours.Records[0]!.messageId;
    expect(shape(ours)).toEqual(shape(sample));
    const record = ours.Records[0]!;
    expect(record).toMatchObject({ eventSource: "aws:sqs", eventSourceARN: QueueArn, awsRegion: "us-east-1", md5OfBody: sent.MD5OfMessageBody, md5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(record.messageAttributes["Attribute3"]).toEqual({ binaryValue: "MTEwMA==", stringListValues: [], binaryListValues: [], dataType: "Binary" });
    expect(record.attributes.ApproximateReceiveCount).toBe("1");
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(1.5e12);
  });

  it("Kinesis: a KinesisStreamEvent as kinesis-event.json, with its eventID and base64 data", async () => {
    await cloud.kinesis.createStream({ StreamName: "simple-stream", ShardCount: 1 });
    const { StreamDescription } = await cloud.kinesis.describeStream({ StreamName: "simple-stream" });
    const put = await cloud.kinesis.putRecord({ StreamName: "simple-stream", PartitionKey: "s1", Data: new TextEncoder().encode("Hello World") });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: StreamDescription.StreamARN, FunctionName: "on-records", StartingPosition: "TRIM_HORIZON" });
    const ours = await eventsOf<KinesisStreamEvent>("on-records");
    expect(shape(ours)).toEqual(shape(sampleEvent("kinesis-event.json")));
    const record = ours.Records[0]!;
    expect(record).toMatchObject({
      eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/simple-stream",
      eventID: `shardId-000000000000:${put.SequenceNumber}`,
      invokeIdentityArn: (await cloud.lambda.getFunctionConfiguration({ FunctionName: "on-records" })).Role,
      kinesis: { partitionKey: "s1", data: "SGVsbG8gV29ybGQ=", sequenceNumber: put.SequenceNumber },
    });
    expect(record.kinesis.sequenceNumber).toMatch(/^\d{56}$/);
    expect(record.kinesis.approximateArrivalTimestamp).toBeCloseTo(Date.now() / 1000, -2);
  });

  it("DynamoDB: a DynamoDBStreamEvent as dynamodb-event.json, with every attribute type in NewImage", async () => {
    const sample = sampleEvent<DynamoDBStreamEvent>("dynamodb-event.json");
    // The sample's second record has every type. DynamoDB refuses empty sets and sets with duplicates,
    // so the item written here drops EmptyStringSet and the repeated binaries.
    const image = structuredClone(sample.Records[1]!.dynamodb!.NewImage!) as Record<string, AttributeValue>;
    delete image["EmptyStringSet"];
    for (const value of Object.values(image)) if (value.BS) value.BS = [...new Set(value.BS)];
    const { TableDescription } = await cloud.dynamodb.createTable({
      TableName: "Example-Table",
      KeySchema: [{ AttributeName: "key", KeyType: "HASH" }, { AttributeName: "val", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "key", AttributeType: "S" }, { AttributeName: "val", AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: TableDescription.LatestStreamArn!, FunctionName: "on-changes", StartingPosition: "TRIM_HORIZON" });
    await cloud.dynamodb.putItem({ TableName: "Example-Table", Item: image as never });
    const ours = await eventsOf<DynamoDBStreamEvent>("on-changes");
    const expected = structuredClone(sample);
    expected.Records = [expected.Records[1]!];
    delete expected.Records[0]!.dynamodb!.NewImage!["EmptyStringSet"];
    expect(shape(ours)).toEqual(shape(expected));
    const record = ours.Records[0]!;
    expect(record).toMatchObject({ eventName: "INSERT", eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1", eventSourceARN: TableDescription.LatestStreamArn });
    expect(record.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(record.dynamodb).toMatchObject({ Keys: { key: { S: "binary" }, val: { S: "data" } }, NewImage: image, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(record.dynamodb!.SequenceNumber).toMatch(/^\d{21,40}$/);
    expect(record.dynamodb!.SizeBytes).toBeGreaterThan(100);
    expect(record.dynamodb!.ApproximateCreationDateTime).toBe(Math.floor(record.dynamodb!.ApproximateCreationDateTime!));
  });
});
