import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTopicCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { Cloud } from "minicloud";
import { clientConfig } from "../../support/sdk-clients.js";

// The SNS client in this process against the session's endpoint: Publish fans out as cloud.sns.publish does.
describe("SNS over the endpoint (Query protocol)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let sns: SNSClient;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    sns = new SNSClient(await clientConfig(cloud));
  });
  afterAll(async () => {
    sns?.destroy();
    await cloud?.shutdown();
  });

  it("creates a topic and publishes to every subscriber, with typed message attributes and filter policies", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "orders", Attributes: { DisplayName: "Orders" } }));
    expect(TopicArn).toBe("arn:aws:sns:us-east-1:123456789012:orders");
    expect((await cloud.sns.getTopicAttributes({ TopicArn: TopicArn! })).Attributes["DisplayName"]).toBe("Orders");
    const queue = async (name: string) => {
      const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: name });
      return { QueueUrl, arn: (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]! };
    };
    const [all, big] = [await queue("all-orders"), await queue("big-orders")];
    await cloud.sns.subscribe({ TopicArn: TopicArn!, Protocol: "sqs", Endpoint: all.arn, Attributes: { RawMessageDelivery: "true" } });
    await cloud.sns.subscribe({ TopicArn: TopicArn!, Protocol: "sqs", Endpoint: big.arn, Attributes: { FilterPolicy: JSON.stringify({ total: [{ numeric: [">", 100] }] }) } });
    const published = [];
    for (const total of [20, 250]) {
      published.push(
        await sns.send(
          new PublishCommand({
            TopicArn,
            Subject: "order placed",
            Message: JSON.stringify({ total }),
            MessageAttributes: { total: { DataType: "Number", StringValue: String(total) }, signature: { DataType: "Binary", BinaryValue: new Uint8Array([7, 8, 9]) } },
          }),
        ),
      );
    }
    expect(published.every((p) => /^[0-9a-f-]{36}$/.test(p.MessageId!))).toBe(true);
    const raw = await cloud.sqs.receiveMessage({ QueueUrl: all.QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] });
    expect(raw.Messages.map((m) => m.Body).sort()).toEqual(['{"total":20}', '{"total":250}']);
    expect([...raw.Messages[0]!.MessageAttributes!["signature"]!.BinaryValue!]).toEqual([7, 8, 9]);
    const filtered = await cloud.sqs.receiveMessage({ QueueUrl: big.QueueUrl, MaxNumberOfMessages: 10 });
    expect(filtered.Messages.map((m) => JSON.parse(m.Body) as { Message: string; Subject: string }).map((e) => [e.Message, e.Subject])).toEqual([['{"total":250}', "order placed"]]);
  });

  it("answers errors as the SDK's exception classes: NotFoundException, InvalidParameterException", async () => {
    await expect(sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:123456789012:ghost", Message: "x" }))).rejects.toMatchObject({ name: "NotFoundException", $metadata: { httpStatusCode: 404 } });
    await expect(sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:123456789012:orders", Message: "" }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:123456789012:orders", Message: "x", MessageGroupId: "g" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/MessageGroupId/),
    });
  });
});
