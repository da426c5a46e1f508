import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, marshall, unmarshall } from "minicloud";

describe("DynamoDB", () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "simulated" });
    await cloud.dynamodb.createTable({
      TableName: "Orders",
      KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }, { AttributeName: "at", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "customer", AttributeType: "S" }, { AttributeName: "at", AttributeType: "N" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
  });
  afterAll(async () => cloud?.shutdown());
  const db = () => cloud.dynamodb;

  it("describes a table with its keys and a LatestStreamArn in AWS's format", async () => {
    const { Table } = await db().describeTable({ TableName: "Orders" });
    expect(Table).toMatchObject({ TableName: "Orders", TableStatus: "ACTIVE", TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Orders", StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } });
    expect(Table.LatestStreamArn).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/Orders\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(Table.LatestStreamArn).toBe(`${Table.TableArn}/stream/${Table.LatestStreamLabel}`);
  });

  it("puts, gets, replaces and deletes items in DynamoDB JSON, with ReturnValues", async () => {
    const item = marshall({ customer: "ada", at: 1, total: 12.5, tags: new Set(["gift"]), lines: [{ sku: "x1", qty: 2 }], paid: false, note: null, raw: new Uint8Array([1, 2]) });
    expect(await db().putItem({ TableName: "Orders", Item: item })).toEqual({});
    const got = await db().getItem({ TableName: "Orders", Key: { customer: { S: "ada" }, at: { N: "1" } } });
    expect(unmarshall(got.Item!)).toEqual({ customer: "ada", at: 1, total: 12.5, tags: new Set(["gift"]), lines: [{ sku: "x1", qty: 2 }], paid: false, note: null, raw: new Uint8Array([1, 2]) });
    const replaced = await db().putItem({ TableName: "Orders", Item: marshall({ customer: "ada", at: 1, total: 20 }), ReturnValues: "ALL_OLD" });
    expect(unmarshall(replaced.Attributes!)["total"]).toBe(12.5);
    expect(await db().getItem({ TableName: "Orders", Key: marshall({ customer: "ada", at: 2 }) })).toEqual({});
    const deleted = await db().deleteItem({ TableName: "Orders", Key: marshall({ customer: "ada", at: 1 }), ReturnValues: "ALL_OLD" });
    expect(unmarshall(deleted.Attributes!)).toEqual({ customer: "ada", at: 1, total: 20 });
    expect((await db().describeTable({ TableName: "Orders" })).Table.ItemCount).toBe(0);
  });

  it("updates with SET, REMOVE and ADD, creating the item if needed, and answers the ReturnValues asked for", async () => {
    const Key = marshall({ customer: "bob", at: 7 });
    const first = await db().updateItem({
      TableName: "Orders",
      Key,
      UpdateExpression: "SET #s = :new, visits = if_not_exists(visits, :zero) + :one ADD tags :t",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":new": { S: "NEW" }, ":zero": { N: "0" }, ":one": { N: "1" }, ":t": { SS: ["a"] } },
      ReturnValues: "ALL_NEW",
    });
    expect(unmarshall(first.Attributes!)).toEqual({ customer: "bob", at: 7, status: "NEW", visits: 1, tags: new Set(["a"]) });
    const second = await db().updateItem({
      TableName: "Orders",
      Key,
      UpdateExpression: "REMOVE #s SET visits = visits + :one, log = list_append(if_not_exists(log, :empty), :entry) ADD tags :t",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":one": { N: "1" }, ":t": { SS: ["b"] }, ":empty": { L: [] }, ":entry": { L: [{ S: "seen" }] } },
      ReturnValues: "UPDATED_OLD",
    }).catch((e: Error) => e);
    // list_append takes plain operands in minicloud, not if_not_exists inside it.
    expect(second).toMatchObject({ name: "ValidationException", field: "UpdateExpression" });
    const third = await db().updateItem({
      TableName: "Orders",
      Key,
      UpdateExpression: "REMOVE #s SET visits = visits + :one ADD tags :t",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":one": { N: "1" }, ":t": { SS: ["b"] } },
      ReturnValues: "UPDATED_NEW",
    });
    expect(unmarshall(third.Attributes!)).toEqual({ visits: 2, tags: new Set(["a", "b"]) });
  });

  it("queries one partition by sort key conditions, in either order, with paging; scans everything", async () => {
    for (let at = 1; at <= 6; at++) await db().putItem({ TableName: "Orders", Item: marshall({ customer: "cy", at, kind: at % 2 ? "odd" : "even" }) });
    const query = async (condition: string, values: Record<string, unknown>, extra: object = {}) =>
      (await db().query({ TableName: "Orders", KeyConditionExpression: condition, ExpressionAttributeValues: marshall({ ":c": "cy", ...(values as object) }), ...extra })).Items.map((i) => unmarshall(i)["at"]);
    expect(await query("customer = :c", {})).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await query("customer = :c AND at > :a", { ":a": 4 })).toEqual([5, 6]);
    expect(await query("customer = :c AND at <= :a", { ":a": 2 })).toEqual([1, 2]);
    expect(await query("customer = :c AND at BETWEEN :a AND :b", { ":a": 2, ":b": 4 })).toEqual([2, 3, 4]);
    expect(await query("customer = :c", {}, { ScanIndexForward: false, Limit: 2 })).toEqual([6, 5]);
    expect(await query("customer = :c", {}, { FilterExpression: "kind = :k", ExpressionAttributeValues: marshall({ ":c": "cy", ":k": "even" }) })).toEqual([2, 4, 6]);
    const page = await db().query({ TableName: "Orders", KeyConditionExpression: "customer = :c", ExpressionAttributeValues: marshall({ ":c": "cy" }), Limit: 4 });
    expect(page.LastEvaluatedKey).toEqual(marshall({ customer: "cy", at: 4 }));
    const rest = await db().query({ TableName: "Orders", KeyConditionExpression: "customer = :c", ExpressionAttributeValues: marshall({ ":c": "cy" }), ExclusiveStartKey: page.LastEvaluatedKey! });
    expect(rest.Items.map((i) => unmarshall(i)["at"])).toEqual([5, 6]);
    expect((await db().scan({ TableName: "Orders" })).Items.map((i) => unmarshall(i)["customer"])).toEqual(["bob", ...Array(6).fill("cy")]);
    await db().createTable({ TableName: "Words", KeySchema: [{ AttributeName: "w", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "w", AttributeType: "S" }] });
    await db().putItem({ TableName: "Words", Item: marshall({ w: "apple" }) });
    await db().putItem({ TableName: "Words", Item: marshall({ w: "apricot" }) });
    expect((await db().scan({ TableName: "Words", FilterExpression: "begins_with(w, :p)", ExpressionAttributeValues: marshall({ ":p": "apr" }) })).Items).toEqual([marshall({ w: "apricot" })]);
  });

  it("checks ConditionExpression: attribute_not_exists makes a put create-only", async () => {
    const put = () => db().putItem({ TableName: "Orders", Item: marshall({ customer: "dee", at: 1 }), ConditionExpression: "attribute_not_exists(customer)" });
    await put();
    await expect(put()).rejects.toMatchObject({ name: "ConditionalCheckFailedException", message: "The conditional request failed" });
    await expect(db().deleteItem({ TableName: "Orders", Key: marshall({ customer: "dee", at: 1 }), ConditionExpression: "attribute_exists(gone)" })).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    await db().deleteItem({ TableName: "Orders", Key: marshall({ customer: "dee", at: 1 }), ConditionExpression: "attribute_exists(customer) AND NOT at <> :one", ExpressionAttributeValues: marshall({ ":one": 1 }) });
  });

  it("refuses bad input with DynamoDB's errors, naming the field, and keeps the table as it was", async () => {
    const bad = (p: Promise<unknown>, name: string, field: string, message?: string) => expect(p).rejects.toMatchObject({ name, field, ...(message ? { message: expect.stringContaining(message) } : {}) });
    const before = (await db().scan({ TableName: "Orders" })).Count;
    await bad(db().putItem({ TableName: "Nope", Item: marshall({ a: 1 }) }), "ResourceNotFoundException", "TableName");
    await bad(db().putItem({ TableName: "Orders", Item: marshall({ customer: "x" }) }), "ValidationException", "Item", "Missing the key at in the item");
    await bad(db().putItem({ TableName: "Orders", Item: marshall({ customer: 5, at: 1 }) }), "ValidationException", "Item.customer", "Type mismatch for key customer expected: S actual: N");
    await bad(db().putItem({ TableName: "Orders", Item: marshall({ customer: "", at: 1 }) }), "ValidationException", "Item.customer", "cannot contain an empty string");
    await bad(db().putItem({ TableName: "Orders", Item: { customer: { S: "x" }, at: { N: "one" } } }), "ValidationException", "Item.at");
    await bad(db().putItem({ TableName: "Orders", Item: { customer: { S: "x" }, at: { N: "1" }, s: { SS: [] } } }), "ValidationException", "Item.s", "may not be empty");
    await bad(db().putItem({ TableName: "Orders", Item: { customer: { S: "x" }, at: { N: "1" }, plain: "text" as never } }), "ValidationException", "Item.plain");
    await bad(db().putItem({ TableName: "Orders", Item: marshall({ customer: "x", at: 1, big: "y".repeat(400 * 1024) }) }), "ValidationException", "Item", "maximum allowed size");
    await bad(db().getItem({ TableName: "Orders", Key: marshall({ customer: "x" }) }), "ValidationException", "Key", "does not match the schema");
    await bad(db().getItem({ TableName: "Orders", Key: marshall({ customer: "x", at: 1, extra: 2 }) }), "ValidationException", "Key", "does not match the schema");
    await bad(db().updateItem({ TableName: "Orders", Key: marshall({ customer: "x", at: 1 }), UpdateExpression: "SET at = :v", ExpressionAttributeValues: marshall({ ":v": 2 }) }), "ValidationException", "UpdateExpression", "part of the key");
    await bad(db().updateItem({ TableName: "Orders", Key: marshall({ customer: "x", at: 1 }), UpdateExpression: "SET a = :missing" }), "ValidationException", "UpdateExpression", ":missing");
    await bad(db().query({ TableName: "Orders", KeyConditionExpression: "at = :v", ExpressionAttributeValues: marshall({ ":v": 1 }) }), "ValidationException", "KeyConditionExpression");
    const table = (extra: object) => db().createTable({ TableName: "Things", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], ...extra });
    await bad(table({ TableName: "T" }), "ValidationException", "TableName");
    await bad(table({ KeySchema: [{ AttributeName: "id", KeyType: "RANGE" }] }), "ValidationException", "KeySchema[0].KeyType");
    await bad(table({ AttributeDefinitions: [{ AttributeName: "other", AttributeType: "S" }] }), "ValidationException", "KeySchema[0].AttributeName");
    await bad(table({ AttributeDefinitions: [{ AttributeName: "id", AttributeType: "X" }] }), "ValidationException", "AttributeDefinitions[0].AttributeType");
    await bad(table({ AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }, { AttributeName: "x", AttributeType: "S" }] }), "ValidationException", "AttributeDefinitions");
    await bad(table({ StreamSpecification: { StreamEnabled: true, StreamViewType: "EVERYTHING" } }), "ValidationException", "StreamSpecification.StreamViewType");
    await bad(db().createTable({ TableName: "Orders", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] }), "ResourceInUseException", "TableName");
    expect((await db().scan({ TableName: "Orders" })).Count).toBe(before);
  });
});
