// Handlers written for AWS, using the SDK the runtime carries, against the session's endpoint: the same
// tests on the process engine (unit) and Docker (e2e, never skipped in CI).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, marshall, type EngineName, type InvokeResponse } from "minicloud";

/** One handler per service, as a learner would write it for AWS: clients made once, outside the handler. */
const HANDLER = `
const { S3Client, GetObjectCommand, PutObjectCommand, ListObjectsV2Command } = require("@aws-sdk/client-s3");
const { DynamoDBClient, GetItemCommand } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand } = require("@aws-sdk/lib-dynamodb");
const { SQSClient, SendMessageCommand, ReceiveMessageCommand, DeleteMessageCommand } = require("@aws-sdk/client-sqs");
const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns");
const s3 = new S3Client({});
const dynamodb = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamodb);
const sqs = new SQSClient({});
const sns = new SNSClient({});
const failure = (promise) => promise.then(() => "no error", (e) => e.name);

const operations = {
  // An S3 event: read the uploaded CSV, write a report beside it in another bucket.
  async s3(event) {
    const { bucket, object } = event.Records[0].s3;
    const key = decodeURIComponent(object.key.replace(/\\+/g, " "));
    const file = await s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
    const rows = (await file.Body.transformToString()).trim().split("\\n").slice(1);
    await s3.send(new PutObjectCommand({ Bucket: "reports", Key: key + ".report", Body: rows.length + " rows", ContentType: "text/plain" }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "reports" }));
    console.log("REPORTED " + key + " " + listed.KeyCount);
  },
  async dynamodb() {
    await documents.send(new PutCommand({ TableName: "visits", Item: { page: "home", at: 1, who: "ada", tags: new Set(["new"]) } }));
    await documents.send(new PutCommand({ TableName: "visits", Item: { page: "home", at: 2, who: "bob" } }));
    const one = await documents.send(new GetCommand({ TableName: "visits", Key: { page: "home", at: 1 } }));
    const raw = await dynamodb.send(new GetItemCommand({ TableName: "visits", Key: { page: { S: "home" }, at: { N: "2" } } }));
    const all = await documents.send(new QueryCommand({ TableName: "visits", KeyConditionExpression: "page = :p", ExpressionAttributeValues: { ":p": "home" } }));
    return { one: { ...one.Item, tags: [...one.Item.tags] }, raw: raw.Item, who: all.Items.map((i) => i.who) };
  },
  async sqs(event) {
    await sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl, MessageBody: "ünïcode body", MessageAttributes: { kind: { DataType: "String", StringValue: "test" } } }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: event.queueUrl, WaitTimeSeconds: 1, MessageAttributeNames: ["All"] }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: event.queueUrl, ReceiptHandle: Messages[0].ReceiptHandle }));
    return { body: Messages[0].Body, kind: Messages[0].MessageAttributes.kind.StringValue };
  },
  async sns(event) {
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: event.topicArn, Message: "fan me out", MessageAttributes: { priority: { DataType: "Number", StringValue: "1" } } }));
    return { MessageId };
  },
  async errors(event) {
    return {
      s3: await failure(s3.send(new GetObjectCommand({ Bucket: "reports", Key: "missing" }))),
      dynamodb: await failure(documents.send(new GetCommand({ TableName: "no-such-table", Key: { id: 1 } }))),
      sqs: await failure(sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl.replace(/[^/]+$/, "ghost"), MessageBody: "x" }))),
    };
  },
  async env() {
    const names = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"];
    return Object.fromEntries(names.map((n) => [n, process.env[n]]));
  },
};
exports.handler = async (event) => (event.Records ? operations.s3(event) : operations[event.op](event));
`;

const json = (r: InvokeResponse): any => JSON.parse(r.Payload!.transformToString());
const printed = (cloud: Cloud, marker: string): string[] =>
  cloud.lambda.logs.filterLogEvents("/aws/lambda/sdk-user", (m) => m.includes(marker)).map((e) => e.message.slice(e.message.indexOf(marker) + marker.length).trim());

export function describeSdkInFunctions(engine: EngineName): void {
  describe(`the AWS SDK in functions on the ${engine} engine`, { timeout: 120_000 }, () => {
    let cloud: Cloud;
    let queueUrl: string;
    const invoke = async (op: string, extra: object = {}) => {
      const response = await cloud.lambda.invoke({ FunctionName: "sdk-user", Payload: JSON.stringify({ op, queueUrl, ...extra }) });
      expect(response.FunctionError, response.Payload?.transformToString()).toBeUndefined();
      return json(response);
    };

    beforeAll(async () => {
      cloud = await Cloud.start({ engine });
      await cloud.lambda.createFunction({ FunctionName: "sdk-user", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 15, Code: { Source: HANDLER } });
      ({ QueueUrl: queueUrl } = await cloud.sqs.createQueue({ QueueName: "sdk-jobs" }));
    });
    afterAll(async () => cloud?.shutdown());

    it("gives the environment the endpoint, the session's credentials and the region", async () => {
      const access = await cloud.awsAccess();
      expect(await invoke("env")).toEqual({
        AWS_ENDPOINT_URL: access.endpointUrl,
        AWS_ACCESS_KEY_ID: access.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: access.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: access.credentials.sessionToken,
        AWS_REGION: "us-east-1",
        AWS_DEFAULT_REGION: "us-east-1",
      });
      expect(access.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    });

    it("keeps the credentials reserved, as Lambda does, but lets a function point AWS_ENDPOINT_URL elsewhere", async () => {
      const base = { Runtime: "nodejs20.x" as const, Handler: "index.handler", Code: { Source: HANDLER } };
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
        await expect(cloud.lambda.createFunction({ ...base, FunctionName: "own-keys", Environment: { Variables: { [name]: "mine" } } })).rejects.toMatchObject({
          name: "InvalidParameterValueException",
          field: `Environment.Variables.${name}`,
        });
      }
      await cloud.lambda.createFunction({ ...base, FunctionName: "elsewhere", Environment: { Variables: { AWS_ENDPOINT_URL: "http://127.0.0.1:9" } } });
      const response = await cloud.lambda.invoke({ FunctionName: "elsewhere", Payload: JSON.stringify({ op: "env" }) });
      expect(json(response)).toMatchObject({ AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: (await cloud.awsAccess()).credentials.accessKeyId });
    });

    it("reads an uploaded object and writes a report with the S3 client; the report's upload notifies too", async () => {
      for (const Bucket of ["uploads", "reports"]) await cloud.s3.createBucket({ Bucket });
      const functionArn = (await cloud.lambda.getFunctionConfiguration({ FunctionName: "sdk-user" })).FunctionArn;
      await cloud.s3.putBucketNotificationConfiguration({ Bucket: "uploads", NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: functionArn, Events: ["s3:ObjectCreated:*"] }] } });
      await cloud.lambda.createFunction({ FunctionName: "report-watcher", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: 'exports.handler = async (e) => console.log("NEW REPORT " + e.Records[0].s3.object.key);' } });
      const watcherArn = (await cloud.lambda.getFunctionConfiguration({ FunctionName: "report-watcher" })).FunctionArn;
      await cloud.s3.putBucketNotificationConfiguration({ Bucket: "reports", NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: watcherArn, Events: ["s3:ObjectCreated:Put"] }] } });
      await cloud.s3.putObject({ Bucket: "uploads", Key: "june sales.csv", Body: "day,total\n1,120\n2,95\n" });
      await cloud.lambda.settled();
      expect(printed(cloud, "REPORTED")).toEqual(["june sales.csv 1"]);
      expect((await cloud.s3.getObject({ Bucket: "reports", Key: "june sales.csv.report" })).Body.transformToString()).toBe("2 rows");
      const seen = cloud.lambda.logs.filterLogEvents("/aws/lambda/report-watcher", (m) => m.includes("NEW REPORT")).map((e) => e.message.trim().split("NEW REPORT ")[1]);
      expect(seen).toEqual(["june+sales.csv.report"]);
    });

    it("puts, gets and queries DynamoDB items with the client and the DocumentClient", async () => {
      await cloud.dynamodb.createTable({
        TableName: "visits",
        KeySchema: [{ AttributeName: "page", KeyType: "HASH" }, { AttributeName: "at", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "page", AttributeType: "S" }, { AttributeName: "at", AttributeType: "N" }],
      });
      expect(await invoke("dynamodb")).toEqual({ one: { page: "home", at: 1, who: "ada", tags: ["new"] }, raw: { page: { S: "home" }, at: { N: "2" }, who: { S: "bob" } }, who: ["ada", "bob"] });
      expect((await cloud.dynamodb.getItem({ TableName: "visits", Key: marshall({ page: "home", at: 2 }) })).Item).toEqual(marshall({ page: "home", at: 2, who: "bob" }));
    });

    it("sends, receives and deletes SQS messages (the SDK checks their MD5s)", async () => {
      expect(await invoke("sqs")).toEqual({ body: "ünïcode body", kind: "test" });
      expect((await cloud.sqs.getQueueAttributes({ QueueUrl: queueUrl })).Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
    });

    it("publishes to an SNS topic that fans out to a function and a queue", async () => {
      const { TopicArn } = await cloud.sns.createTopic({ Name: "alerts" });
      await cloud.lambda.createFunction({ FunctionName: "on-alert", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: 'exports.handler = async (e) => console.log("ALERT " + e.Records[0].Sns.Message + " " + e.Records[0].Sns.MessageAttributes.priority.Value);' } });
      await cloud.sns.subscribe({ TopicArn, Protocol: "lambda", Endpoint: (await cloud.lambda.getFunctionConfiguration({ FunctionName: "on-alert" })).FunctionArn });
      const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "alert-copies" });
      await cloud.sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]! });
      const { MessageId } = await invoke("sns", { topicArn: TopicArn });
      await cloud.lambda.settled();
      expect(cloud.lambda.logs.filterLogEvents("/aws/lambda/on-alert", (m) => m.includes("ALERT")).map((e) => e.message.trim().split("\t").pop())).toEqual(["ALERT fan me out 1"]);
      const [copy] = (await cloud.sqs.receiveMessage({ QueueUrl })).Messages;
      expect(JSON.parse(copy!.Body)).toMatchObject({ Type: "Notification", MessageId, Message: "fan me out" });
    });

    it("lets an ES module handler import the SDK too, as Node.js runtimes on AWS do", async () => {
      await cloud.s3.createBucket({ Bucket: "esm-notes" });
      await cloud.s3.putObject({ Bucket: "esm-notes", Key: "note.txt", Body: "imported, not required" });
      await cloud.lambda.createFunction({
        FunctionName: "esm-reader",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Timeout: 15,
        Code: {
          FileName: "index.mjs",
          Source: `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
const s3 = new S3Client({});
export const handler = async () => (await s3.send(new GetObjectCommand({ Bucket: "esm-notes", Key: "note.txt" }))).Body.transformToString();`,
        },
      });
      const response = await cloud.lambda.invoke({ FunctionName: "esm-reader" });
      expect([response.FunctionError, json(response)]).toEqual([undefined, "imported, not required"]);
    });

    it("sees the services' errors as the SDK's exception classes", async () => {
      expect(await invoke("errors")).toEqual({ s3: "NoSuchKey", dynamodb: "ResourceNotFoundException", sqs: "QueueDoesNotExist" });
    });
  });
}
