import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";

const FLAKY = 'exports.handler = async (event) => { if (event.fail) throw new Error("failed on purpose: " + event.n); return { ok: event.n }; };';

describe("asynchronous invocation: destinations and dead-letter queues on SQS and SNS", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const queue = async (name: string) => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: name });
    return { QueueUrl, QueueArn: (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]! };
  };
  const drain = async (QueueUrl: string) => (await cloud.sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] })).Messages;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process", timeScale: 0.0001 });
  });
  afterAll(async () => cloud?.shutdown());

  it("sends the invocation record to an SQS queue on success and through an SNS topic on failure", async () => {
    await cloud.lambda.createFunction({ FunctionName: "to-destinations", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: FLAKY } });
    const successes = await queue("successes");
    const failures = await queue("failures");
    const { TopicArn } = await cloud.sns.createTopic({ Name: "failures-topic" });
    await cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: failures.QueueArn });
    await cloud.lambda.putFunctionEventInvokeConfig({
      FunctionName: "to-destinations",
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnSuccess: { Destination: successes.QueueArn }, OnFailure: { Destination: TopicArn } },
    });
    await cloud.lambda.invoke({ FunctionName: "to-destinations", InvocationType: "Event", Payload: { n: 1 } });
    await cloud.lambda.invoke({ FunctionName: "to-destinations", InvocationType: "Event", Payload: { n: 2, fail: true } });
    await cloud.lambda.settled();

    const [success] = await drain(successes.QueueUrl);
    expect(JSON.parse(success!.Body)).toMatchObject({
      version: "1.0",
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      requestContext: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), functionArn: "arn:aws:lambda:us-east-1:123456789012:function:to-destinations:$LATEST", condition: "Success", approximateInvokeCount: 1 },
      requestPayload: { n: 1 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST" },
      responsePayload: { ok: 1 },
    });
    const [notification] = await drain(failures.QueueUrl);
    const envelope = JSON.parse(notification!.Body) as { Type: string; TopicArn: string; Message: string };
    expect(envelope).toMatchObject({ Type: "Notification", TopicArn });
    expect(JSON.parse(envelope.Message)).toMatchObject({
      requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 2 },
      requestPayload: { n: 2, fail: true },
      responseContext: { functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "failed on purpose: 2" },
    });
  });

  it("sends a failed event, as it was, to the function's dead-letter queue with RequestID, ErrorCode and ErrorMessage", async () => {
    const dlq = await queue("dead-letters");
    await cloud.lambda.createFunction({
      FunctionName: "with-dlq",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: FLAKY },
      DeadLetterConfig: { TargetArn: dlq.QueueArn },
    });
    expect((await cloud.lambda.getFunctionConfiguration({ FunctionName: "with-dlq" })).DeadLetterConfig).toEqual({ TargetArn: dlq.QueueArn });
    await cloud.lambda.invoke({ FunctionName: "with-dlq", InvocationType: "Event", Payload: { n: 3, fail: true } });
    await cloud.lambda.settled();
    const [dead] = await drain(dlq.QueueUrl);
    expect(JSON.parse(dead!.Body)).toEqual({ n: 3, fail: true });
    expect(dead!.MessageAttributes).toEqual({
      RequestID: { DataType: "String", StringValue: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      ErrorCode: { DataType: "Number", StringValue: "200" },
      ErrorMessage: { DataType: "String", StringValue: "failed on purpose: 3" },
    });
    expect(cloud.lambda.droppedEvents).toEqual([]);
  });

  it("keeps an event whose dead-letter queue is gone in droppedEvents: nothing is lost", async () => {
    await cloud.lambda.updateFunctionConfiguration({ FunctionName: "with-dlq", DeadLetterConfig: { TargetArn: "arn:aws:sqs:us-east-1:123456789012:never-made" } });
    await cloud.lambda.putFunctionEventInvokeConfig({ FunctionName: "with-dlq", MaximumRetryAttempts: 0 });
    await cloud.lambda.invoke({ FunctionName: "with-dlq", InvocationType: "Event", Payload: { n: 4, fail: true } });
    await cloud.lambda.settled();
    expect(cloud.lambda.droppedEvents.map((d) => d.record.requestPayload)).toEqual([{ n: 4, fail: true }]);
  });

  it("refuses a destination or dead-letter target that is not a function, queue or topic ARN", async () => {
    await expect(
      cloud.lambda.putFunctionEventInvokeConfig({ FunctionName: "with-dlq", DestinationConfig: { OnFailure: { Destination: "arn:aws:s3:::bucket" } } }),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", field: "DestinationConfig.OnFailure.Destination" });
    await expect(cloud.lambda.updateFunctionConfiguration({ FunctionName: "with-dlq", DeadLetterConfig: { TargetArn: "arn:aws:lambda:us-east-1:123456789012:function:x" } })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      field: "DeadLetterConfig.TargetArn",
    });
  });
});
