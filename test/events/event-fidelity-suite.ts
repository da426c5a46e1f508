// Shared by event-fidelity.test.ts (process engine) and event-fidelity-docker.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, createVirtualClock } from "minicloud";
import type { AttributeValue, DynamoDBStreamEvent, DynamoDBStreamHandler, KinesisStreamEvent, KinesisStreamHandler, S3Event, S3Handler, SNSEvent, SNSHandler, SQSEvent, SQSHandler, ALBEvent, ALBResult, APIGatewayProxyEventV2, CloudWatchLogsDecodedData, ScheduledEvent, CloudWatchLogsEvent, CloudWatchLogsHandler } from "aws-lambda";
import { gunzipSync } from "node:zlib";
import { http } from "../support/http.js";
import { readSample as sampleEvent, sampleEvents as haveSamples, shape } from "../support/event-samples.js";
import { printedAfter } from "../support/function-logs.js";
import { until } from "../support/waiting.js";

// Handlers typed with @types/aws-lambda, as a learner writes them for AWS; their compiled text is the function's code.
const recorder = async (event: unknown): Promise<void> => {
  console.log("EVENT " + JSON.stringify(event));
};
const onMessages: SQSHandler = recorder;
const onRecords: KinesisStreamHandler = recorder;
const onChanges: DynamoDBStreamHandler = recorder;
const onUpload: S3Handler = recorder;
const onNews: SNSHandler = recorder;
const onLogs: CloudWatchLogsHandler = recorder;
const decode = (event: CloudWatchLogsEvent): CloudWatchLogsDecodedData => JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, "base64")).toString());
const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/**
 * Events of every trigger with an AWS sample (polled sources, S3, SNS, HTTP API, ALB, log subscriptions,
 * schedules), as a handler running on `engine` receives them, against AWS's samples: the
 * engine only runs the handler, so the event must be the same on each (the test files call this per engine).
 */
export function describeEventFidelity(engine: "process" | "docker", skip: { skip: boolean; reason: string }): void {
  const why = skip.skip ? skip.reason : haveSamples.reason;
  describe.skipIf(haveSamples.skip || skip.skip)(`events reach handlers on the ${engine} engine with exactly the structure of AWS's samples ${why}`, { timeout: 120_000 }, () => {
    let cloud: Cloud;
    const eventsOf = <T>(fn: string) => until(async () => printedAfter(cloud, fn, "EVENT ").map((t) => JSON.parse(t) as T)[0]);

    beforeAll(async () => {
      cloud = await Cloud.start({ engine, timeScale: 0.05 });
      for (const [name, handler] of [["on-messages", onMessages], ["on-records", onRecords], ["on-changes", onChanges], ["on-upload", onUpload], ["on-news", onNews], ["on-logs", onLogs]] as const) {
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
    it("S3: an S3Event as s3-event.json (no versionId: minicloud's buckets are not versioned)", async () => {
      await cloud.s3.createBucket({ Bucket: "fidelity-uploads" });
      await cloud.s3.putBucketNotificationConfiguration({
        Bucket: "fidelity-uploads",
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fnArn("on-upload"), Events: ["s3:ObjectCreated:*"] }] },
      });
      await cloud.s3.putObject({ Bucket: "fidelity-uploads", Key: "test/key", Body: "x" });
      const ours = await eventsOf<S3Event>("on-upload");
      // versionId appears only for buckets with versioning, which minicloud's buckets do not have (S3 docs).
      const sampleShape = shape(sampleEvent<S3Event>("s3-event.json")) as { Records: [{ s3: { object: Record<string, unknown> } }] };
      delete sampleShape.Records[0].s3.object["versionId"];
      expect(shape(ours)).toEqual(sampleShape);
    });

    it("SNS: an SNSEvent as sns-event.json", async () => {
      const { TopicArn } = await cloud.sns.createTopic({ Name: "fidelity-news" });
      await cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: fnArn("on-news") });
      await cloud.sns.publish({ TopicArn, Subject: "TestInvoke", Message: "Hello from SNS!", MessageAttributes: { Test: { DataType: "String", StringValue: "TestString" }, TestBinary: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) } } });
      const ours = await eventsOf<SNSEvent>("on-news");
      expect(ours.Records[0]!.Sns.Subject).toBe("TestInvoke");
      expect(shape(ours)).toEqual(shape(sampleEvent<SNSEvent>("sns-event.json")));
    });
    it("ALB: an ALBEvent as alb-lambda-target-request.json", async () => {
      await cloud.lambda.createFunction({ FunctionName: "echo", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: 'exports.handler = async (event) => ({ statusCode: 200, statusDescription: "200 OK", body: JSON.stringify(event) });' } });
      const [group] = (await cloud.elbv2.createTargetGroup({ Name: "fidelity", TargetType: "lambda" })).TargetGroups;
      await cloud.elbv2.registerTargets({ TargetGroupArn: group!.TargetGroupArn, Targets: [{ Id: fnArn("echo") }] });
      const [balancer] = (await cloud.elbv2.createLoadBalancer({ Name: "fidelity", Type: "application" })).LoadBalancers;
      const [listener] = (await cloud.elbv2.createListener({ LoadBalancerArn: balancer!.LoadBalancerArn, Protocol: "HTTP", Port: 0, DefaultActions: [{ Type: "forward", TargetGroupArn: group!.TargetGroupArn }] })).Listeners;
      const answer = await http(`http://127.0.0.1:${listener!.Port}/?key=hello`, { headers: { accept: "*/*", "user-agent": "curl/7.54.0", "x-imforwards": "20", "x-myheader": "123" } });
      const result: ALBResult = { statusCode: answer.status, statusDescription: `${answer.status} ${answer.statusMessage}` };
      expect(result.statusDescription).toBe("200 OK");
      expect(shape(answer.json<ALBEvent>())).toEqual(shape(sampleEvent<ALBEvent>("alb-lambda-target-request.json")));
    });

    it("CloudWatch Logs: a subscription's CloudWatchLogsEvent as cloudwatch-logs-event.json, gzip+base64", async () => {
      await cloud.lambda.createFunction({ FunctionName: "noisy", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: 'exports.handler = async (event) => { for (const line of event.lines) console.log(line); return "ok"; };' } });
      await cloud.lambda.invoke({ FunctionName: "noisy", Payload: { lines: ["warming up"] } });
      await cloud.logs.putSubscriptionFilter({ logGroupName: "/aws/lambda/noisy", filterName: "errors", filterPattern: "ERROR", destinationArn: fnArn("on-logs") });
      await cloud.lambda.invoke({ FunctionName: "noisy", Payload: { lines: ["ERROR First", "ERROR Second"] } });
      const ours = await eventsOf<CloudWatchLogsEvent>("on-logs");
      const sample = sampleEvent<CloudWatchLogsEvent>("cloudwatch-logs-event.json");
      expect(shape(ours)).toEqual(shape(sample));
      expect(shape(decode(ours))).toEqual(shape(decode(sample)));
    });
    it("HTTP API: an APIGatewayProxyEventV2 as apigw-v2-request-no-authorizer.json (no mutual TLS: no authentication)", async () => {
      await cloud.lambda.createFunction({ FunctionName: "http-echo", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "exports.handler = async (event) => event;" } });
      const { ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "fidelity", ProtocolType: "HTTP", Target: fnArn("http-echo") });
      const ours = (await http(`${ApiEndpoint}/`, { headers: { accept: "*/*", "user-agent": "curl/7.58.0" } })).json<APIGatewayProxyEventV2>();
      const sample = sampleEvent<APIGatewayProxyEventV2 & { requestContext: { authentication?: unknown } }>("apigw-v2-request-no-authorizer.json");
      // requestContext.authentication carries the client certificate of mutual TLS, which minicloud's plain HTTP has not.
      delete sample.requestContext.authentication;
      expect(shape(ours)).toEqual(shape(sample));
    });

    it("EventBridge schedule: a ScheduledEvent in the envelope of ecs-container-instance-state-change.json", async () => {
      // On a virtual clock the schedule fires at once; the function still runs on the engine, for real.
      const clock = createVirtualClock({ start: Date.UTC(2019, 5, 1, 11, 58) });
      const timed = await Cloud.start({ engine, clock });
      let ours: ScheduledEvent | undefined;
      try {
        await timed.lambda.createFunction({ FunctionName: "every-minute", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); };' } });
        await timed.eventBridge.putRule({ Name: "noon", ScheduleExpression: "cron(0 12 * * ? *)" });
        await timed.eventBridge.putTargets({ Rule: "noon", Targets: [{ Id: "every-minute", Arn: fnArn("every-minute") }] });
        await clock.advance(2 * 60_000);
        await timed.lambda.settled();
        ours = printedAfter(timed, "every-minute", "EVENT ").map((t) => JSON.parse(t) as ScheduledEvent)[0];
      } finally {
        await timed.shutdown();
      }
      // The sample is an ECS event through EventBridge: the same envelope; a Scheduled Event has an empty detail and its rule as the resource.
      const sample = { ...sampleEvent<ScheduledEvent>("ecs-container-instance-state-change.json"), detail: {}, resources: ["arn:aws:events:us-east-1:111122223333:rule/a-rule"] };
      expect(shape(ours)).toEqual(shape(sample));
    });
  });
}
