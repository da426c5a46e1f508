import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, marshall } from "minicloud";
import type { DynamoDBRecord } from "aws-lambda";
import { printedAfter } from "../../support/function-logs.js";
import { until } from "../../support/waiting.js";

const LOG_RECORDS = `exports.handler = async (event) => { for (const r of event.Records) console.log("REC " + JSON.stringify(r)); };`;

describe("DynamoDB Streams → Lambda event source mappings", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process", timeScale: 0.05 });
  });
  afterAll(async () => cloud?.shutdown());

  /** A table with a stream of the view type, mapped to a function that logs each record. */
  const watchedTable = async (name: string, view: "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES", source = LOG_RECORDS, extra: object = {}) => {
    await cloud.lambda.createFunction({ FunctionName: `${name}-fn`, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: source } });
    const { TableDescription } = await cloud.dynamodb.createTable({
      TableName: name,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: view },
    });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: TableDescription.LatestStreamArn!, FunctionName: `${name}-fn`, StartingPosition: "LATEST", ...extra });
    return () => printedAfter(cloud, `${name}-fn`, "REC ").map((t) => JSON.parse(t) as DynamoDBRecord);
  };

  const writeThreeChanges = async (table: string) => {
    await cloud.dynamodb.putItem({ TableName: table, Item: marshall({ id: "a", n: 1 }) });
    await cloud.dynamodb.putItem({ TableName: table, Item: marshall({ id: "a", n: 1 }) }); // changes nothing: no record
    await cloud.dynamodb.updateItem({ TableName: table, Key: marshall({ id: "a" }), UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: marshall({ ":one": 1 }) });
    await cloud.dynamodb.deleteItem({ TableName: table, Key: marshall({ id: "a" }) });
    await cloud.dynamodb.deleteItem({ TableName: table, Key: marshall({ id: "never" }) }); // deletes nothing: no record
  };

  it("sends INSERT, MODIFY and REMOVE in order, with the images the view type names", async () => {
    const views = { KEYS_ONLY: "keys", NEW_IMAGE: "new", OLD_IMAGE: "old", NEW_AND_OLD_IMAGES: "both" } as const;
    const seen: Record<string, () => DynamoDBRecord[]> = {};
    for (const [view, table] of Object.entries(views)) seen[view] = await watchedTable(table, view as keyof typeof views);
    for (const table of Object.values(views)) await writeThreeChanges(table);
    for (const view of Object.keys(views)) await until(async () => (seen[view]!().length >= 3 ? true : undefined), 20_000);
    const images = (view: string) => seen[view]!().map((r) => [r.eventName, r.dynamodb!.NewImage?.["n"]?.N ?? "-", r.dynamodb!.OldImage?.["n"]?.N ?? "-"]);
    expect(images("KEYS_ONLY")).toEqual([["INSERT", "-", "-"], ["MODIFY", "-", "-"], ["REMOVE", "-", "-"]]);
    expect(images("NEW_IMAGE")).toEqual([["INSERT", "1", "-"], ["MODIFY", "2", "-"], ["REMOVE", "-", "-"]]);
    expect(images("OLD_IMAGE")).toEqual([["INSERT", "-", "-"], ["MODIFY", "-", "1"], ["REMOVE", "-", "2"]]);
    expect(images("NEW_AND_OLD_IMAGES")).toEqual([["INSERT", "1", "-"], ["MODIFY", "2", "1"], ["REMOVE", "-", "2"]]);
    const records = seen["NEW_AND_OLD_IMAGES"]!();
    expect(records.every((r) => JSON.stringify(r.dynamodb!.Keys) === JSON.stringify({ id: { S: "a" } }))).toBe(true);
    const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
    expect(seen["KEYS_ONLY"]!()[0]!.dynamodb!.StreamViewType).toBe("KEYS_ONLY");
  });

  it("retries from the first failed record a function reports, by its SequenceNumber", async () => {
    const source = `let failedOnce = false;
exports.handler = async (event) => {
  for (const r of event.Records) {
    if (r.dynamodb.Keys.id.S === "c" && !failedOnce) { failedOnce = true; return { batchItemFailures: [{ itemIdentifier: r.dynamodb.SequenceNumber }] }; }
    console.log("REC " + JSON.stringify(r));
  }
  return {};
};`;
    const seen = await watchedTable("partial", "KEYS_ONLY", source, { FunctionResponseTypes: ["ReportBatchItemFailures"], BatchSize: 10, MaximumBatchingWindowInSeconds: 1 });
    for (const id of ["a", "b", "c", "d"]) await cloud.dynamodb.putItem({ TableName: "partial", Item: marshall({ id }) });
    await until(async () => (seen().length >= 4 ? true : undefined), 20_000);
    expect(seen().map((r) => r.dynamodb!.Keys!["id"]!.S)).toEqual(["a", "b", "c", "d"]);
  });

  it("stops reading a deleted table's stream and refuses a mapping to it", async () => {
    const { Table } = await cloud.dynamodb.describeTable({ TableName: "keys" });
    await cloud.dynamodb.deleteTable({ TableName: "keys" });
    await expect(
      cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: Table.LatestStreamArn!, FunctionName: "keys-fn", StartingPosition: "LATEST" }),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", field: "EventSourceArn" });
    await expect(cloud.dynamodb.putItem({ TableName: "keys", Item: marshall({ id: "x" }) })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
