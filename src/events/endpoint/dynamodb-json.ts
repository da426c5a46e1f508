import { MinicloudError } from "../../core/errors.js";
import type { Item } from "../dynamodb/attribute-values.js";
import type { DynamoDb } from "../dynamodb/dynamodb-service.js";
import type { ServiceProtocol } from "./endpoint-request.js";
import { jsonErrorReply, jsonInput, jsonReply, operationIn, operationName, refuseMembers, requireMembers } from "./json-protocol.js";

type Input = Record<string, unknown>;
type Operation = (dynamodb: DynamoDb, input: Input) => Promise<unknown>;

/** Members of the legacy API and of features minicloud's tables do not have: refused, never ignored. */
const UNSUPPORTED = ["AttributesToGet", "Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator", "Segment", "TotalSegments", "ReturnValuesOnConditionCheckFailure"];

/** DynamoDB's errors are in the service's namespace, but for the service framework's own. */
const NAMESPACES: Record<string, string> = {
  ValidationException: "com.amazon.coral.validate",
  SerializationException: "com.amazon.coral.service",
  UnknownOperationException: "com.amazon.coral.service",
};

/** What Query and Scan answer, with Select: COUNT giving the count alone; tables have no secondary indexes. */
async function read(input: Input, run: () => Promise<{ Items: Item[]; Count: number }>): Promise<unknown> {
  if (input["IndexName"] !== undefined) {
    throw new MinicloudError("ValidationException", `The table does not have the specified index: ${String(input["IndexName"])} (minicloud's tables have no secondary indexes).`, { field: "IndexName" });
  }
  const select = input["Select"] ?? "ALL_ATTRIBUTES";
  if (select !== "ALL_ATTRIBUTES" && select !== "COUNT" && select !== "SPECIFIC_ATTRIBUTES") {
    throw new MinicloudError("ValidationException", `1 validation error detected: Value '${String(select)}' at 'select' failed to satisfy constraint: minicloud takes ALL_ATTRIBUTES, SPECIFIC_ATTRIBUTES or COUNT.`, { field: "Select" });
  }
  const result = await run();
  if (select !== "COUNT") return result;
  const { Items: _items, ...counts } = result;
  return counts;
}

/** BatchWriteItem: each request a PutItem or a DeleteItem, all processed (none left unprocessed). */
async function batchWrite(dynamodb: DynamoDb, input: Input): Promise<unknown> {
  const tables = Object.entries((input["RequestItems"] ?? {}) as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>);
  const count = tables.reduce((n, [, requests]) => n + (Array.isArray(requests) ? requests.length : 0), 0);
  if (count === 0 || count > 25) throw new MinicloudError("ValidationException", `1 validation error detected: RequestItems holds ${count} requests; a batch holds 1 to 25.`, { field: "RequestItems" });
  for (const [TableName, requests] of tables) {
    for (const request of requests) {
      if (request.PutRequest) await dynamodb.putItem({ TableName, Item: request.PutRequest.Item });
      else if (request.DeleteRequest) await dynamodb.deleteItem({ TableName, Key: request.DeleteRequest.Key });
      else throw new MinicloudError("ValidationException", "Each write request holds a PutRequest or a DeleteRequest.", { field: `RequestItems.${TableName}` });
    }
  }
  return { UnprocessedItems: {} };
}

/** BatchGetItem: the items of up to 100 keys, table by table (none left unprocessed). */
async function batchGet(dynamodb: DynamoDb, input: Input): Promise<unknown> {
  const tables = Object.entries((input["RequestItems"] ?? {}) as Record<string, { Keys: Item[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }>);
  const count = tables.reduce((n, [, t]) => n + (Array.isArray(t?.Keys) ? t.Keys.length : 0), 0);
  if (count === 0 || count > 100) throw new MinicloudError("ValidationException", `1 validation error detected: RequestItems holds ${count} keys; a batch holds 1 to 100.`, { field: "RequestItems" });
  const Responses: Record<string, Item[]> = {};
  for (const [TableName, { Keys, ...projection }] of tables) {
    Responses[TableName] = [];
    for (const Key of Keys) {
      const { Item } = await dynamodb.getItem({ TableName, Key, ...projection });
      if (Item) Responses[TableName].push(Item);
    }
  }
  return { Responses, UnprocessedKeys: {} };
}

const REQUIRED: Record<string, string[]> = {
  PutItem: ["TableName", "Item"],
  GetItem: ["TableName", "Key"],
  UpdateItem: ["TableName", "Key"],
  DeleteItem: ["TableName", "Key"],
  Query: ["TableName"],
  Scan: ["TableName"],
  BatchWriteItem: ["RequestItems"],
  BatchGetItem: ["RequestItems"],
  DescribeTable: ["TableName"],
  DeleteTable: ["TableName"],
};

/** DynamoDB's words for a missing member: its name in camelCase, as the service's validator writes it. */
const missing = (member: string) =>
  new MinicloudError("ValidationException", `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`, { field: member });

const OPERATIONS: Record<string, Operation> = {
  PutItem: (d, i) => d.putItem(i as unknown as Parameters<DynamoDb["putItem"]>[0]),
  GetItem: (d, i) => d.getItem(i as unknown as Parameters<DynamoDb["getItem"]>[0]),
  UpdateItem: (d, i) => d.updateItem(i as unknown as Parameters<DynamoDb["updateItem"]>[0]),
  DeleteItem: (d, i) => d.deleteItem(i as unknown as Parameters<DynamoDb["deleteItem"]>[0]),
  Query: (d, i) => read(i, () => d.query(i as unknown as Parameters<DynamoDb["query"]>[0])),
  Scan: (d, i) => read(i, () => d.scan(i as unknown as Parameters<DynamoDb["scan"]>[0])),
  BatchWriteItem: batchWrite,
  BatchGetItem: batchGet,
  CreateTable: (d, i) => d.createTable(i as unknown as Parameters<DynamoDb["createTable"]>[0]),
  DescribeTable: (d, i) => d.describeTable(i as unknown as Parameters<DynamoDb["describeTable"]>[0]),
  DeleteTable: (d, i) => d.deleteTable(i as unknown as Parameters<DynamoDb["deleteTable"]>[0]),
  ListTables: (d) => d.listTables(),
};

/**
 * DynamoDB's AWS JSON 1.0 protocol (X-Amz-Target `DynamoDB_20120810.<Operation>`) over the session's
 * DynamoDB: items in DynamoDB JSON (binary as base64), the store's expressions for updates, conditions,
 * queries and projections. The DocumentClient of @aws-sdk/lib-dynamodb speaks the same protocol. Errors
 * carry `__type` as DynamoDB's do, e.g. `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
export function dynamoDbJsonProtocol(dynamodb: DynamoDb): ServiceProtocol {
  return {
    // DynamoDB's own limit on a request.
    maxBodyBytes: 16 * 1024 * 1024,
    async handle(request) {
      const operation = operationIn(request, OPERATIONS, "DynamoDB");
      const input = jsonInput(request);
      requireMembers(input, REQUIRED[operationName(request)], missing);
      refuseMembers(input, UNSUPPORTED, "DynamoDB");
      return jsonReply(request, await operation(dynamodb, input), { crc32: true });
    },
    errorReply(error, request) {
      if (!(error instanceof MinicloudError)) return jsonErrorReply(request.requestId, "com.amazonaws.dynamodb.v20120810#InternalServerError", `Internal server error: ${(error as Error).message}`, 500);
      const namespace = NAMESPACES[error.name] ?? "com.amazonaws.dynamodb.v20120810";
      return jsonErrorReply(request.requestId, `${namespace}#${error.name}`, error.message, error.statusCode >= 500 ? error.statusCode : error.name === "RequestEntityTooLarge" ? 413 : 400);
    },
  };
}
