import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, marshall } from "minicloud";
import { printedAfter } from "../../support/function-logs.js";
import { dockerRequirement } from "../../support/requirements.js";
import { until } from "../../support/waiting.js";

const docker = await dockerRequirement();

describe.skipIf(docker.skip)(`stream mappings on Docker containers ${docker.reason}`, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "docker", timeScale: 0.05 });
  });
  afterAll(async () => cloud?.shutdown());

  it("feeds a Kinesis shard and a DynamoDB table's stream, in order, to functions in containers", async () => {
    const source = `exports.handler = async (event) => {
  for (const r of event.Records) console.log("GOT " + (r.kinesis ? Buffer.from(r.kinesis.data, "base64").toString() : r.eventName + " " + r.dynamodb.NewImage.n.N));
};`;
    await cloud.lambda.createFunction({ FunctionName: "reader", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: source } });
    await cloud.kinesis.createStream({ StreamName: "clicks" });
    await cloud.kinesis.putRecords({ StreamName: "clicks", Records: Array.from({ length: 30 }, (_, i) => ({ PartitionKey: "page", Data: `click-${i}` })) });
    const StreamARN = (await cloud.kinesis.describeStream({ StreamName: "clicks" })).StreamDescription.StreamARN;
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: StreamARN, FunctionName: "reader", StartingPosition: "TRIM_HORIZON", BatchSize: 7 });
    await until(async () => (printedAfter(cloud, "reader", "GOT click").length >= 30 ? true : undefined), 120_000, 200);
    expect(printedAfter(cloud, "reader", "GOT ")).toEqual(Array.from({ length: 30 }, (_, i) => `click-${i}`));

    const { TableDescription } = await cloud.dynamodb.createTable({
      TableName: "Counters",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: TableDescription.LatestStreamArn!, FunctionName: "reader", StartingPosition: "LATEST" });
    await cloud.dynamodb.putItem({ TableName: "Counters", Item: marshall({ id: "hits", n: 1 }) });
    for (let i = 0; i < 3; i++) await cloud.dynamodb.updateItem({ TableName: "Counters", Key: marshall({ id: "hits" }), UpdateExpression: "ADD n :one", ExpressionAttributeValues: marshall({ ":one": 1 }) });
    await until(async () => (printedAfter(cloud, "reader", "GOT ").length >= 34 ? true : undefined), 60_000, 200);
    expect(printedAfter(cloud, "reader", "GOT ").slice(30)).toEqual(["INSERT 1", "MODIFY 2", "MODIFY 3", "MODIFY 4"]);
  });
});
