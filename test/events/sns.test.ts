import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { SNSEvent } from "aws-lambda";
import { printedAfter } from "../support/function-logs.js";

const RECORDER = 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); };';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe("SNS", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const received = (fn: string) => printedAfter(cloud, fn, "EVENT ").map((text) => JSON.parse(text) as SNSEvent);
  const queue = async (name: string) => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: name });
    return { QueueUrl, QueueArn: (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]! };
  };
  const drain = async (QueueUrl: string) => (await cloud.sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] })).Messages;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    for (const name of ["on-news", "on-red"]) await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: RECORDER } });
  });
  afterAll(async () => cloud?.shutdown());

  it("creates topics idempotently, lists them, and deletes them with their subscriptions", async () => {
    const { TopicArn } = await cloud.sns.createTopic({ Name: "orders" });
    expect(TopicArn).toBe("arn:aws:sns:us-east-1:123456789012:orders");
    expect(await cloud.sns.createTopic({ Name: "orders" })).toEqual({ TopicArn });
    expect((await cloud.sns.listTopics()).Topics).toContainEqual({ TopicArn });
    const { SubscriptionArn } = await cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-news") });
    expect(SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    expect((await cloud.sns.listSubscriptionsByTopic({ TopicArn })).Subscriptions).toEqual([
      { SubscriptionArn, Owner: "123456789012", Protocol: "lambda", Endpoint: fnArn("on-news"), TopicArn },
    ]);
    await cloud.sns.deleteTopic({ TopicArn });
    await cloud.sns.deleteTopic({ TopicArn });
    expect((await cloud.sns.listTopics()).Topics).not.toContainEqual({ TopicArn });
    await expect(cloud.sns.unsubscribe({ SubscriptionArn })).rejects.toMatchObject({ name: "NotFound" });
  });

  it("fans a message out: functions get the SNS event, queues the JSON envelope or, raw, the message and its attributes", async () => {
    const { TopicArn } = await cloud.sns.createTopic({ Name: "news" });
    const wrapped = await queue("news-envelopes");
    const raw = await queue("news-raw");
    await cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-news") });
    await cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: wrapped.QueueArn });
    const { SubscriptionArn } = await cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: raw.QueueArn, Attributes: { RawMessageDelivery: "true" } });
    expect(await cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: raw.QueueArn, Attributes: { RawMessageDelivery: "true" } })).toEqual({ SubscriptionArn });
    await expect(cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: raw.QueueArn })).rejects.toMatchObject({ name: "InvalidParameter", field: "Attributes" });
    const { MessageId } = await cloud.sns.publish({
      TopicArn,
      Subject: "TestInvoke",
      Message: "Hello from SNS!",
      MessageAttributes: { Test: { DataType: "String", StringValue: "TestString" }, TestBinary: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) } },
    });
    await cloud.lambda.settled();

    const [event] = received("on-news");
    const sns = event!.Records[0]!.Sns;
    expect(event!.Records[0]).toMatchObject({ EventSource: "aws:sns", EventVersion: "1.0" });
    expect(event!.Records[0]!.EventSubscriptionArn.startsWith(`${TopicArn}:`)).toBe(true);
    expect(sns).toMatchObject({ Type: "Notification", MessageId, TopicArn, Subject: "TestInvoke", Message: "Hello from SNS!", SignatureVersion: "1" });
    expect(sns.MessageAttributes).toEqual({ Test: { Type: "String", Value: "TestString" }, TestBinary: { Type: "Binary", Value: "AQID" } });

    const [envelope] = await drain(wrapped.QueueUrl);
    const body = JSON.parse(envelope!.Body) as Record<string, unknown>;
    expect(body).toMatchObject({ Type: "Notification", MessageId, TopicArn, Subject: "TestInvoke", Message: "Hello from SNS!", MessageAttributes: sns.MessageAttributes });
    expect(Object.keys(body)).toEqual(expect.arrayContaining(["Timestamp", "Signature", "SigningCertURL", "UnsubscribeURL"]));
    expect(envelope!.MessageAttributes).toBeUndefined();

    const [plain] = await drain(raw.QueueUrl);
    expect(plain!.Body).toBe("Hello from SNS!");
    expect(plain!.MessageAttributes).toEqual({ Test: { DataType: "String", StringValue: "TestString" }, TestBinary: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) } });
  });

  it("delivers only what passes a subscription's filter policy, on attributes or on the body", async () => {
    const { TopicArn } = await cloud.sns.createTopic({ Name: "paint" });
    const big = await queue("big-red");
    const body = await queue("body-filtered");
    await cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-red"), Attributes: { FilterPolicy: JSON.stringify({ color: ["red", { prefix: "crim" }] }) } });
    await cloud.sns.subscribe({
      TopicArn,
      Protocol: "sqs",
      Endpoint: big.QueueArn,
      Attributes: { RawMessageDelivery: "true", FilterPolicy: JSON.stringify({ color: [{ "anything-but": "blue" }], size: [{ numeric: [">", 5, "<=", 10] }], tags: ["sale"] }) },
    });
    await cloud.sns.subscribe({
      TopicArn,
      Protocol: "sqs",
      Endpoint: body.QueueArn,
      Attributes: { RawMessageDelivery: "true", FilterPolicyScope: "MessageBody", FilterPolicy: JSON.stringify({ order: { total: [{ numeric: [">=", 100] }] } }) },
    });
    const send = (Message: string, color?: string, size?: number, tags?: string[]) =>
      cloud.sns.publish({
        TopicArn,
        Message,
        MessageAttributes: {
          ...(color ? { color: { DataType: "String", StringValue: color } } : {}),
          ...(size !== undefined ? { size: { DataType: "Number", StringValue: String(size) } } : {}),
          ...(tags ? { tags: { DataType: "String.Array", StringValue: JSON.stringify(tags) } } : {}),
        },
      });
    await send("red-7-sale", "red", 7, ["new", "sale"]);
    await send("crimson-11", "crimson", 11, ["sale"]);
    await send("blue-7", "blue", 7, ["sale"]);
    await send("green-6-new", "green", 6, ["new"]);
    await send("green-6-sale", "green", 6, ["sale"]);
    await send(JSON.stringify({ order: { total: 120 } }));
    await send(JSON.stringify({ order: { total: 20 } }));
    await cloud.lambda.settled();
    // Asynchronous invocations may run side by side: their order is not the publishing order.
    expect(received("on-red").map((e) => e.Records[0]!.Sns.Message).sort()).toEqual(["crimson-11", "red-7-sale"]);
    expect((await drain(big.QueueUrl)).map((m) => m.Body)).toEqual(["red-7-sale", "green-6-sale"]);
    expect((await drain(body.QueueUrl)).map((m) => JSON.parse(m.Body).order.total)).toEqual([120]);
  });

  it("answers bad input with SNS's errors, naming the field, and keeps running", async () => {
    const { TopicArn } = await cloud.sns.createTopic({ Name: "strict" });
    const ghost = "arn:aws:sns:us-east-1:123456789012:ghost";
    await expect(cloud.sns.publish({ TopicArn: ghost, Message: "hi" })).rejects.toMatchObject({ name: "NotFound", statusCode: 404, field: "TopicArn" });
    await expect(cloud.sns.subscribe({ TopicArn: ghost, Protocol: "sqs", Endpoint: "arn:aws:sqs:us-east-1:123456789012:q" })).rejects.toMatchObject({ name: "NotFound" });
    await expect(cloud.sns.publish({ TopicArn: "orders", Message: "hi" })).rejects.toMatchObject({ name: "InvalidParameter", field: "TopicArn" });
    await expect(cloud.sns.createTopic({ Name: "no spaces" })).rejects.toMatchObject({ name: "InvalidParameter", field: "Name" });
    await expect(cloud.sns.publish({ TopicArn, Message: "x".repeat(256 * 1024 + 1) })).rejects.toMatchObject({ name: "InvalidParameter", field: "Message", message: expect.stringContaining("Message too long") });
    await expect(
      cloud.sns.publish({ TopicArn, Message: "x".repeat(256 * 1024 - 4), MessageAttributes: { k: { DataType: "String", StringValue: "vvvv" } } }),
    ).rejects.toMatchObject({ field: "Message" });
    await expect(cloud.sns.publish({ TopicArn, Message: "" })).rejects.toMatchObject({ name: "InvalidParameter", field: "Message" });
    await expect(cloud.sns.publish({ TopicArn, Message: "m", Subject: "two\nlines" })).rejects.toMatchObject({ field: "Subject" });
    await expect(cloud.sns.publish({ TopicArn, Message: "m", MessageAttributes: { n: { DataType: "Number", StringValue: "seven" } } })).rejects.toMatchObject({
      field: "MessageAttributes.n",
    });
    await expect(cloud.sns.publish({ TopicArn, Message: '{"lambda":"x"}', MessageStructure: "json" })).rejects.toMatchObject({ field: "Message" });
    await expect(cloud.sns.subscribe({ TopicArn, Protocol: "email", Endpoint: "a@b.c" })).rejects.toMatchObject({ field: "Protocol" });
    await expect(cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: fnArn("on-news") })).rejects.toMatchObject({ field: "Endpoint" });
    await expect(cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-news"), Attributes: { RawMessageDelivery: "true" } })).rejects.toMatchObject({
      field: "Attributes.RawMessageDelivery",
    });
    await expect(cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-news"), Attributes: { FilterPolicy: '{"color": "red"}' } })).rejects.toMatchObject({
      name: "InvalidParameter",
      field: "Attributes.FilterPolicy",
      message: expect.stringContaining("color"),
    });
    await expect(
      cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-news"), Attributes: { FilterPolicy: '{"size": [{"numeric": ["~", 3]}]}' } }),
    ).rejects.toMatchObject({ message: expect.stringContaining("size[0]") });
    // Nothing half-made stays behind, and the topic still works.
    expect((await cloud.sns.listSubscriptionsByTopic({ TopicArn })).Subscriptions).toEqual([]);
    expect((await cloud.sns.publish({ TopicArn, Message: "still here" })).MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a notification whose function is gone in failedDeliveries", async () => {
    const { TopicArn } = await cloud.sns.createTopic({ Name: "lonely" });
    const { SubscriptionArn } = await cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("never-created") });
    const { MessageId } = await cloud.sns.publish({ TopicArn, Message: "anyone?" });
    expect(cloud.sns.failedDeliveries).toContainEqual({ SubscriptionArn, Endpoint: fnArn("never-created"), MessageId });
  });
});
