import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand as DocumentQueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Cloud, marshall } from "minicloud";
import { clientConfig } from "../../support/sdk-clients.js";

// The DynamoDB client and the DocumentClient in this process against the session's endpoint.
describe("DynamoDB over the endpoint (AWS JSON 1.0)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    client = new DynamoDBClient(await clientConfig(cloud));
    documents = DynamoDBDocumentClient.from(client);
    await client.send(
      new CreateTableCommand({
        TableName: "orders",
        KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }, { AttributeName: "orderId", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "customer", AttributeType: "S" }, { AttributeName: "orderId", AttributeType: "N" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  });
  afterAll(async () => {
    client?.destroy();
    await cloud?.shutdown();
  });

  it("puts, gets and updates items in DynamoDB JSON, binary values included", async () => {
    await client.send(new PutItemCommand({ TableName: "orders", Item: { customer: { S: "ada" }, orderId: { N: "1" }, total: { N: "12.5" }, receipt: { B: new Uint8Array([1, 2, 255]) }, tags: { SS: ["gift", "rush"] } } }));
    const { Item } = await client.send(new GetItemCommand({ TableName: "orders", Key: { customer: { S: "ada" }, orderId: { N: "1" } } }));
    expect(Item).toEqual({ customer: { S: "ada" }, orderId: { N: "1" }, total: { N: "12.5" }, receipt: { B: new Uint8Array([1, 2, 255]) }, tags: { SS: ["gift", "rush"] } });
    const updated = await client.send(
      new UpdateItemCommand({
        TableName: "orders",
        Key: { customer: { S: "ada" }, orderId: { N: "1" } },
        UpdateExpression: "SET total = total + :more, #s = :s REMOVE receipt",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":more": { N: "2.5" }, ":s": { S: "paid" } },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(updated.Attributes).toEqual({ customer: { S: "ada" }, orderId: { N: "1" }, total: { N: "15" }, status: { S: "paid" }, tags: { SS: ["gift", "rush"] } });
    const projected = await client.send(new GetItemCommand({ TableName: "orders", Key: { customer: { S: "ada" }, orderId: { N: "1" } }, ProjectionExpression: "total, #s", ExpressionAttributeNames: { "#s": "status" } }));
    expect(projected.Item).toEqual({ total: { N: "15" }, status: { S: "paid" } });
  });

  it("works with the DocumentClient: plain values in, plain values out, conditions and queries", async () => {
    for (const orderId of [2, 3, 4]) await documents.send(new PutCommand({ TableName: "orders", Item: { customer: "bob", orderId, total: orderId * 10, items: ["pen"], paid: orderId > 2 } }));
    expect((await documents.send(new GetCommand({ TableName: "orders", Key: { customer: "bob", orderId: 3 } }))).Item).toEqual({ customer: "bob", orderId: 3, total: 30, items: ["pen"], paid: true });
    await expect(documents.send(new PutCommand({ TableName: "orders", Item: { customer: "bob", orderId: 3 }, ConditionExpression: "attribute_not_exists(orderId)" }))).rejects.toMatchObject({
      name: "ConditionalCheckFailedException",
    });
    await documents.send(new UpdateCommand({ TableName: "orders", Key: { customer: "bob", orderId: 2 }, UpdateExpression: "ADD total :n", ExpressionAttributeValues: { ":n": 5 } }));
    const query = await documents.send(
      new DocumentQueryCommand({ TableName: "orders", KeyConditionExpression: "customer = :c AND orderId >= :from", ExpressionAttributeValues: { ":c": "bob", ":from": 2 }, ScanIndexForward: false }),
    );
    expect(query.Items?.map((i) => [i["orderId"], i["total"]])).toEqual([[4, 40], [3, 30], [2, 25]]);
    await documents.send(new DeleteCommand({ TableName: "orders", Key: { customer: "bob", orderId: 4 } }));
    const batch = await documents.send(new BatchGetCommand({ RequestItems: { orders: { Keys: [{ customer: "bob", orderId: 3 }, { customer: "bob", orderId: 4 }] } } }));
    expect(batch.Responses?.["orders"]?.map((i) => i["orderId"])).toEqual([3]);
  });

  it("pages queries and scans with Limit and LastEvaluatedKey, filters, and counts with Select COUNT", async () => {
    await client.send(new BatchWriteItemCommand({ RequestItems: { orders: [5, 6, 7, 8].map((n) => ({ PutRequest: { Item: marshall({ customer: "cy", orderId: n, total: n }) } })) } }));
    const first = await client.send(new QueryCommand({ TableName: "orders", KeyConditionExpression: "customer = :c", ExpressionAttributeValues: { ":c": { S: "cy" } }, Limit: 3 }));
    expect([first.Count, first.LastEvaluatedKey]).toEqual([3, { customer: { S: "cy" }, orderId: { N: "7" } }]);
    const rest = await client.send(new QueryCommand({ TableName: "orders", KeyConditionExpression: "customer = :c", ExpressionAttributeValues: { ":c": { S: "cy" } }, ExclusiveStartKey: first.LastEvaluatedKey }));
    expect(rest.Items?.map((i) => i["orderId"]?.N)).toEqual(["8"]);
    const big = await client.send(new ScanCommand({ TableName: "orders", FilterExpression: "total > :t", ExpressionAttributeValues: { ":t": { N: "6" } }, Select: "COUNT" }));
    expect(big).toMatchObject({ Count: 5, ScannedCount: 7 }); // ada 15, bob 25 and 30, cy 7 and 8, of 7 items
    expect(big.Items).toBeUndefined();
  });

  it("describes tables with epoch-second dates, as the SDK reads them", async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "orders" }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.CreationDateTime).toBeInstanceOf(Date);
    expect(Math.abs(Table!.CreationDateTime!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("answers errors as the SDK's exception classes, naming the field", async () => {
    await expect(client.send(new GetItemCommand({ TableName: "no-such-table", Key: { id: { S: "x" } } }))).rejects.toMatchObject({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new PutItemCommand({ TableName: "orders", Item: { customer: { S: "ada" } } }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringMatching(/orderId/) });
    await expect(client.send(new QueryCommand({ TableName: "orders", IndexName: "by-total", KeyConditionExpression: "total = :t", ExpressionAttributeValues: { ":t": { N: "1" } } }))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringMatching(/does not have the specified index: by-total/),
    });
    await expect(client.send(new ScanCommand({ TableName: "orders", Segment: 0, TotalSegments: 2 }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringMatching(/Segment/) });
    await expect(client.send(new GetItemCommand({ TableName: "orders" } as never))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringMatching(/Value null at 'key'/) });
  });
});
