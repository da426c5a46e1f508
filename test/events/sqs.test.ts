import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import { printedAfter } from "../support/function-logs.js";
import { until } from "../support/waiting.js";

describe("SQS and event source mappings", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const bodiesSeen = (fn: string) => printedAfter(cloud, fn, "GOT ");
  /** Waits for a condition on the queues, as the pollers work in the background. */
  const eventually = (done: () => Promise<boolean>) => until(async () => ((await done()) ? true : undefined), 20_000, 100);

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
  });
  afterAll(async () => cloud?.shutdown());

  it("sends, receives with a visibility timeout, counts receives, and deletes", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "basics", Attributes: { VisibilityTimeout: "1" } });
    // The URL points at the session's endpoint (the SQS client sends each request to its QueueUrl's host).
    expect(QueueUrl).toBe(`${(await cloud.awsAccess()).endpointUrl}/123456789012/basics`);
    const sent = await cloud.sqs.sendMessage({ QueueUrl, MessageBody: "hello" });
    expect(sent.MD5OfMessageBody).toBe("5d41402abc4b2a76b9719d911017c592");
    const first = await cloud.sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
    expect(first.Messages.map((m) => [m.Body, m.Attributes.ApproximateReceiveCount])).toEqual([["hello", "1"]]);
    expect((await cloud.sqs.receiveMessage({ QueueUrl })).Messages).toEqual([]);
    const again = await cloud.sqs.receiveMessage({ QueueUrl, WaitTimeSeconds: 2 });
    expect(again.Messages[0]!.Attributes.ApproximateReceiveCount).toBe("2");
    await cloud.sqs.deleteMessage({ QueueUrl, ReceiptHandle: again.Messages[0]!.ReceiptHandle });
    expect((await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  });

  it("answers with SQS's errors", async () => {
    await expect(cloud.sqs.sendMessage({ QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/ghost", MessageBody: "x" })).rejects.toMatchObject({
      name: "AWS.SimpleQueueService.NonExistentQueue",
    });
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "limits" });
    await expect(cloud.sqs.sendMessage({ QueueUrl, MessageBody: "x".repeat(256 * 1024 + 1) })).rejects.toMatchObject({ name: "InvalidParameterValue", field: "MessageBody" });
    await expect(cloud.sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 11 })).rejects.toMatchObject({ field: "MaxNumberOfMessages" });
    await expect(cloud.sqs.createQueue({ QueueName: "bad name" })).rejects.toMatchObject({ field: "QueueName" });
    await expect(
      cloud.sqs.createQueue({ QueueName: "orphan", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:none", maxReceiveCount: 3 }) } }),
    ).rejects.toMatchObject({ field: "Attributes.RedrivePolicy" });
  });

  it("feeds queue messages to a function in batches; each is processed and deleted", async () => {
    await cloud.lambda.createFunction({
      FunctionName: "worker",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { console.log("BATCH " + event.Records.length); for (const r of event.Records) console.log("GOT " + r.body); };' },
    });
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "jobs" });
    const { Attributes } = await cloud.sqs.getQueueAttributes({ QueueUrl });
    const mapping = await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: Attributes["QueueArn"]!, FunctionName: "worker", BatchSize: 5 });
    expect(mapping).toMatchObject({ State: "Enabled", BatchSize: 5, FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:worker" });
    for (let i = 0; i < 3; i++) {
      await cloud.sqs.sendMessageBatch({ QueueUrl, Entries: Array.from({ length: 8 }, (_, j) => ({ Id: `m${j}`, MessageBody: `job-${i * 8 + j}` })) });
    }
    await eventually(async () => bodiesSeen("worker").length >= 24);
    expect(new Set(bodiesSeen("worker"))).toEqual(new Set(Array.from({ length: 24 }, (_, i) => `job-${i}`)));
    const batches = printedAfter(cloud, "worker", "BATCH ").map(Number);
    expect(Math.max(...batches)).toBeLessThanOrEqual(5);
    await eventually(async () => (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["ApproximateNumberOfMessagesNotVisible"] === "0");
    await cloud.eventSourceMappings.deleteEventSourceMapping({ UUID: mapping.UUID });
  });

  it("with ReportBatchItemFailures, retries only the failed messages, then moves them to the DLQ: nothing is lost", async () => {
    await cloud.lambda.createFunction({
      FunctionName: "picky",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      // No longer than the queue's visibility timeout (1 s), as Lambda requires of a mapping.
      Timeout: 1,
      Code: {
        Source: `exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    if (r.body.startsWith("bad")) batchItemFailures.push({ itemIdentifier: r.messageId });
    else console.log("GOT " + r.body);
  }
  return { batchItemFailures };
};`,
      },
    });
    const dlq = await cloud.sqs.createQueue({ QueueName: "picky-dlq" });
    const dlqArn = (await cloud.sqs.getQueueAttributes({ QueueUrl: dlq.QueueUrl })).Attributes["QueueArn"]!;
    const { QueueUrl } = await cloud.sqs.createQueue({
      QueueName: "picky-jobs",
      Attributes: { VisibilityTimeout: "1", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
    });
    const queueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "picky", FunctionResponseTypes: ["ReportBatchItemFailures"] });
    const bodies = ["good-1", "bad-1", "good-2", "bad-2", "good-3"];
    await cloud.sqs.sendMessageBatch({ QueueUrl, Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody })) });
    await eventually(async () => (await cloud.sqs.getQueueAttributes({ QueueUrl: dlq.QueueUrl })).Attributes["ApproximateNumberOfMessages"] === "2");
    expect(bodiesSeen("picky").sort()).toEqual(["good-1", "good-2", "good-3"]);
    const dead = await cloud.sqs.receiveMessage({ QueueUrl: dlq.QueueUrl, MaxNumberOfMessages: 10 });
    expect(dead.Messages.map((m) => m.Body).sort()).toEqual(["bad-1", "bad-2"]);
    expect((await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  });

  it("keeps message attributes: receivers ask for them by name, and the function's records carry them", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "with-attributes" });
    const MessageAttributes = { kind: { DataType: "String", StringValue: "invoice" }, total: { DataType: "Number", StringValue: "42.5" }, blob: { DataType: "Binary", BinaryValue: new Uint8Array([7]) } };
    const sent = await cloud.sqs.sendMessage({ QueueUrl, MessageBody: "attributed", MessageAttributes });
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    const [withKind] = (await cloud.sqs.receiveMessage({ QueueUrl, MessageAttributeNames: ["kind"], VisibilityTimeout: 0 })).Messages;
    expect(withKind!.MessageAttributes).toEqual({ kind: MessageAttributes.kind });
    const [all] = (await cloud.sqs.receiveMessage({ QueueUrl, MessageAttributeNames: ["All"], VisibilityTimeout: 0 })).Messages;
    expect(all!.MessageAttributes).toEqual(MessageAttributes);
    expect(all!.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect((await cloud.sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 0 })).Messages[0]!.MessageAttributes).toBeUndefined();

    await cloud.lambda.createFunction({
      FunctionName: "attribute-reader",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { for (const r of event.Records) console.log("RECORD " + JSON.stringify(r)); };' },
    });
    const queueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "attribute-reader" });
    await eventually(async () => printedAfter(cloud, "attribute-reader", "RECORD ").length > 0);
    const record = JSON.parse(printedAfter(cloud, "attribute-reader", "RECORD ")[0]!);
    expect(record.md5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(record.messageAttributes).toEqual({
      kind: { stringValue: "invoice", stringListValues: [], binaryListValues: [], dataType: "String" },
      total: { stringValue: "42.5", stringListValues: [], binaryListValues: [], dataType: "Number" },
      blob: { binaryValue: "Bw==", stringListValues: [], binaryListValues: [], dataType: "Binary" },
    });
    await expect(cloud.sqs.sendMessage({ QueueUrl, MessageBody: "x", MessageAttributes: { "bad name": { DataType: "String", StringValue: "v" } } })).rejects.toMatchObject({
      name: "InvalidParameterValue",
      field: "MessageAttributes.bad name",
    });
  });

  it("refuses mapping settings AWS refuses, naming the field", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "settings" });
    const queueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await expect(cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "worker", BatchSize: 50 })).rejects.toMatchObject({
      field: "MaximumBatchingWindowInSeconds",
    });
    await expect(cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: "arn:aws:sqs:us-east-1:123456789012:nope", FunctionName: "worker" })).rejects.toMatchObject({
      field: "EventSourceArn",
    });
    await expect(cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "nobody" })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses a queue whose visibility timeout is shorter than the function's timeout, on create and on update", async () => {
    await cloud.lambda.createFunction({ FunctionName: "slow", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 10, Code: { Source: "exports.handler = async () => {};" } });
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "quick-return", Attributes: { VisibilityTimeout: "5" } });
    const queueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await expect(cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "slow" })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringMatching(/^Queue visibility timeout: 5 seconds is less than Function timeout: 10 seconds/),
    });
    // A mapping made while the timeouts fit is checked again when it is updated, not when the function changes.
    await cloud.lambda.updateFunctionConfiguration({ FunctionName: "slow", Timeout: 5 });
    const mapping = await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queueArn, FunctionName: "slow", Enabled: false });
    await cloud.lambda.updateFunctionConfiguration({ FunctionName: "slow", Timeout: 6 });
    await expect(cloud.eventSourceMappings.updateEventSourceMapping({ UUID: mapping.UUID, BatchSize: 5 })).rejects.toMatchObject({
      message: expect.stringMatching(/^Queue visibility timeout: 5 seconds is less than Function timeout: 6 seconds/),
    });
    await cloud.eventSourceMappings.deleteEventSourceMapping({ UUID: mapping.UUID });
  });
});

describe("SQS message attributes and limits", { timeout: 30_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "simulated" });
  });
  afterAll(async () => cloud?.shutdown());

  it("keeps message attributes with the message and returns them with their MD5 when asked", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "typed" });
    const MessageAttributes = { Author: { DataType: "String", StringValue: "ada" }, Size: { DataType: "Number", StringValue: "42" }, Raw: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2]) } };
    const sent = await cloud.sqs.sendMessage({ QueueUrl, MessageBody: "with attributes", MessageAttributes });
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    MessageAttributes.Author.StringValue = "changed after sending";
    const plain = (await cloud.sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 0 })).Messages[0]!;
    expect(plain.MessageAttributes).toBeUndefined();
    expect(plain.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    const some = (await cloud.sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 0, MessageAttributeNames: ["Author", "Raw"] })).Messages[0]!;
    expect(some.MessageAttributes).toEqual({ Author: { DataType: "String", StringValue: "ada" }, Raw: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2]) } });
    const all = (await cloud.sqs.receiveMessage({ QueueUrl, MessageAttributeNames: ["All"] })).Messages[0]!;
    expect(Object.keys(all.MessageAttributes ?? {}).sort()).toEqual(["Author", "Raw", "Size"]);
  });

  it("counts the attributes towards the 256 KB limit and rejects what is over it, keeping what was accepted", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "sized" });
    const body = "x".repeat(256 * 1024 - 10);
    await expect(cloud.sqs.sendMessage({ QueueUrl, MessageBody: body, MessageAttributes: { Note: { DataType: "String", StringValue: "a".repeat(20) } } })).rejects.toMatchObject({
      name: "InvalidParameterValue",
      field: "MessageBody",
    });
    const batch = await cloud.sqs.sendMessageBatch({ QueueUrl, Entries: [{ Id: "ok", MessageBody: body }, { Id: "big", MessageBody: body + "y".repeat(11) }] });
    expect(batch.Successful.map((e) => e.Id)).toEqual(["ok"]);
    expect(batch.Failed).toMatchObject([{ Id: "big", SenderFault: true, Code: "InvalidParameterValue" }]);
    expect((await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["ApproximateNumberOfMessages"]).toBe("1");
    await expect(cloud.sqs.receiveMessage({ QueueUrl: QueueUrl + "-gone" })).rejects.toMatchObject({ name: "AWS.SimpleQueueService.NonExistentQueue", field: "QueueUrl" });
  });

  it("hides delayed messages until their delay is over, and makes a message visible again on ChangeMessageVisibility 0", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "later" });
    await cloud.sqs.sendMessage({ QueueUrl, MessageBody: "soon", DelaySeconds: 5 });
    expect((await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesDelayed: "1" });
    const got = await cloud.sqs.receiveMessage({ QueueUrl, WaitTimeSeconds: 10 });
    expect(got.Messages.map((m) => m.Body)).toEqual(["soon"]);
    await cloud.sqs.changeMessageVisibility({ QueueUrl, ReceiptHandle: got.Messages[0]!.ReceiptHandle, VisibilityTimeout: 0 });
    const again = await cloud.sqs.receiveMessage({ QueueUrl });
    expect(again.Messages[0]!.Attributes.ApproximateReceiveCount).toBe("2");
    await cloud.sqs.deleteMessage({ QueueUrl, ReceiptHandle: got.Messages[0]!.ReceiptHandle });
    expect((await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["ApproximateNumberOfMessagesNotVisible"]).toBe("1");
    await expect(cloud.sqs.changeMessageVisibility({ QueueUrl, ReceiptHandle: "nonsense", VisibilityTimeout: 1 })).rejects.toMatchObject({ name: "ReceiptHandleIsInvalid" });
  });
});
