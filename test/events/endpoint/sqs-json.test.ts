import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { Cloud, md5OfMessageAttributes } from "minicloud";
import { clientConfig } from "../../support/sdk-clients.js";

// The SQS client in this process against the session's endpoint. The SDK checks every MD5 it is given.
describe("SQS over the endpoint (AWS JSON 1.0)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let sqs: SQSClient;
  let QueueUrl: string;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    sqs = new SQSClient(await clientConfig(cloud));
    QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "wire-jobs", Attributes: { VisibilityTimeout: "30" } }))).QueueUrl!;
  });
  afterAll(async () => {
    sqs?.destroy();
    await cloud?.shutdown();
  });

  it("gives queue URLs that point at the endpoint, the same as the library's", async () => {
    const { endpointUrl } = await cloud.awsAccess();
    expect(QueueUrl).toBe(`${endpointUrl}/123456789012/wire-jobs`);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: "wire-jobs" }))).QueueUrl).toBe(QueueUrl);
    expect((await cloud.sqs.getQueueUrl({ QueueName: "wire-jobs" })).QueueUrl).toBe(QueueUrl);
  });

  it("sends and receives with typed attributes, binary included, and the MD5s the SDK verifies", async () => {
    const MessageAttributes = { kind: { DataType: "String", StringValue: "order" }, weight: { DataType: "Number", StringValue: "2.5" }, raw: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 254]) } };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "héllo, wörld", MessageAttributes }));
    expect(sent.MD5OfMessageAttributes).toBe(md5OfMessageAttributes(MessageAttributes));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["ApproximateReceiveCount"] }));
    expect(Messages).toHaveLength(1);
    const [message] = Messages!;
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: "héllo, wörld", Attributes: { ApproximateReceiveCount: "1" } });
    expect(message!.MessageAttributes?.["raw"]?.BinaryValue).toEqual(new Uint8Array([0, 1, 254]));
    expect(Object.keys(message!.Attributes!)).toEqual(["ApproximateReceiveCount"]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message!.ReceiptHandle }));
  });

  it("sends batches, and deletes them in batches; each entry succeeds or fails on its own", async () => {
    const sent = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: "a", MessageBody: "one" }, { Id: "b", MessageBody: "two" }, { Id: "c", MessageBody: "three", DelaySeconds: 901 }] }),
    );
    expect(sent.Successful?.map((s) => s.Id)).toEqual(["a", "b"]);
    expect(sent.Failed).toEqual([expect.objectContaining({ Id: "c", SenderFault: true, Code: "InvalidParameterValue" })]);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages?.map((m) => m.Body).sort()).toEqual(["one", "two"]);
    expect(Messages?.[0]?.Attributes).toBeUndefined();
    const deleted = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages!.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    expect(deleted.Successful).toHaveLength(2);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
    expect(Attributes).toEqual({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  });

  it("long-polls: a receive waits for a message sent while it waits", async () => {
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cloud.sqs.sendMessage({ QueueUrl, MessageBody: "worth the wait" });
    const { Messages } = await waiting;
    expect(Messages?.map((m) => m.Body)).toEqual(["worth the wait"]);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    expect((await cloud.sqs.receiveMessage({ QueueUrl })).Messages.map((m) => m.Body)).toEqual(["worth the wait"]);
  });

  it("answers errors as the SDK's exception classes: QueueDoesNotExist, and SQS's codes", async () => {
    const ghost = QueueUrl.replace("wire-jobs", "ghost");
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: ghost, MessageBody: "x" }))).rejects.toMatchObject({ name: "QueueDoesNotExist", Code: "AWS.SimpleQueueService.NonExistentQueue" });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: "ghost" }))).rejects.toMatchObject({ name: "QueueDoesNotExist" });
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 }))).rejects.toMatchObject({ name: "InvalidParameterValue", message: expect.stringMatching(/MaxNumberOfMessages/) });
    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "x", MessageGroupId: "g" }))).rejects.toMatchObject({ name: "InvalidParameterValue", message: expect.stringMatching(/MessageGroupId/) });
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: "same", MessageBody: "1" }, { Id: "same", MessageBody: "2" }] }))).rejects.toMatchObject({ name: "BatchEntryIdsNotDistinct" });
    await expect(sqs.send(new SendMessageCommand({ QueueUrl } as never))).rejects.toMatchObject({ name: "MissingParameter", message: "The request must contain the parameter MessageBody." });
  });
});
