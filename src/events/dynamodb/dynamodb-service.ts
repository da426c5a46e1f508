import { arn } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { PolledStream } from "../streams/stream-shard.js";
import { canonical, checkItem, itemSize, outputItem, validation, type AttributeValue, type Item } from "./attribute-values.js";
import { evaluate, parseCondition } from "./expressions.js";
import { parseProjection, projectItem } from "./projection.js";
import { readTable, type QueryRequest } from "./table-query.js";
import { checkTableRequest, keyOf, type CreateTableRequest, type TableKeys } from "./table-schema.js";
import { TableStream } from "./table-stream.js";
import { applyUpdate, parseUpdate } from "./update-expression.js";

interface Table {
  name: string;
  arn: string;
  request: CreateTableRequest;
  keys: TableKeys;
  createdMs: number;
  /** Items by the canonical text of their key. */
  items: Map<string, Item>;
  stream?: TableStream;
}

/** The placeholders and condition every write may carry. */
interface WriteOptions {
  /** Only write if the item meets it, e.g. "attribute_not_exists(id)"; else ConditionalCheckFailedException. */
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/** DynamoDB caps an item at 400 KB. */
const MAX_ITEM_BYTES = 400 * 1024;

/**
 * minicloud's DynamoDB: tables with a partition key and an optional sort key, items in DynamoDB JSON,
 * expressions for updates, conditions and queries, and a stream of every change that event source
 * mappings can feed to a function.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.CoreComponents.html
 */
export function createDynamoDb(options: { clock: Clock }) {
  const { clock } = options;
  const tables = new Map<string, Table>();
  const streams = new Map<string, TableStream>();

  const tableOf = (name: unknown): Table => {
    const table = typeof name === "string" ? tables.get(name.startsWith("arn:") ? (name.split("/")[1] ?? "") : name) : undefined;
    if (!table) throw new MinicloudError("ResourceNotFoundException", `Requested resource not found: Table: ${String(name)} not found. Create it with createTable first.`, { field: "TableName" });
    return table;
  };

  const describe = (table: Table) => ({
    TableName: table.name,
    TableArn: table.arn,
    TableStatus: "ACTIVE" as const,
    KeySchema: structuredClone(table.request.KeySchema),
    AttributeDefinitions: structuredClone(table.request.AttributeDefinitions),
    CreationDateTime: new Date(table.createdMs),
    ItemCount: table.items.size,
    TableSizeBytes: [...table.items.values()].reduce((n, item) => n + itemSize(item), 0),
    BillingModeSummary: { BillingMode: table.request.BillingMode ?? "PROVISIONED" },
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream.viewType }, LatestStreamArn: table.stream.arn, LatestStreamLabel: table.stream.label } : {}),
  });

  /** Checks the condition, stores the new item (or deletes it), and records the change in the stream. */
  const write = (table: Table, key: Item, next: Item | undefined, options: WriteOptions) => {
    const keyText = canonical(key);
    const old = table.items.get(keyText);
    if (options.ConditionExpression !== undefined) {
      const context = { names: options.ExpressionAttributeNames ?? {}, values: checkItem(options.ExpressionAttributeValues ?? {}, "ExpressionAttributeValues"), field: "ConditionExpression" };
      if (!evaluate(parseCondition(options.ConditionExpression, context), old)) {
        throw new MinicloudError("ConditionalCheckFailedException", "The conditional request failed", { field: "ConditionExpression" });
      }
    }
    if (next !== undefined && itemSize(next) > MAX_ITEM_BYTES) throw validation("Item", `Item size has exceeded the maximum allowed size (${MAX_ITEM_BYTES} bytes).`);
    if (next === undefined) table.items.delete(keyText);
    else table.items.set(keyText, next);
    const hashName = table.keys.hash.AttributeName;
    table.stream?.record(key, old, next, canonical(key[hashName]!), clock.now());
    return old;
  };

  const projectionOf = (request: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }) =>
    request.ProjectionExpression === undefined ? undefined : parseProjection(request.ProjectionExpression, request.ExpressionAttributeNames ?? {});
  const returned = (item: Item | undefined) => (item === undefined ? {} : { Attributes: outputItem(item) });
  const returnValues = (value: string | undefined, allowed: string[]) => {
    const choice = value ?? "NONE";
    if (!allowed.includes(choice)) throw validation("ReturnValues", `1 validation error detected: Value '${choice}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}].`);
    return choice;
  };

  return {
    /** CreateTable: ACTIVE at once; with a StreamSpecification, a stream whose ARN is LatestStreamArn. */
    async createTable(request: CreateTableRequest) {
      const { keys, stream } = checkTableRequest(request);
      if (tables.has(request.TableName)) throw new MinicloudError("ResourceInUseException", `Table already exists: ${request.TableName}`, { field: "TableName" });
      const table: Table = { name: request.TableName, arn: arn("dynamodb", `table/${request.TableName}`), request: structuredClone(request), keys, createdMs: clock.now(), items: new Map() };
      if (stream) {
        table.stream = new TableStream(table.arn, stream, clock.now());
        streams.set(table.stream.arn, table.stream);
      }
      tables.set(table.name, table);
      return { TableDescription: describe(table) };
    },

    /** DeleteTable: its items and its stream go with it. */
    async deleteTable(request: { TableName: string }) {
      const table = tableOf(request.TableName);
      tables.delete(table.name);
      if (table.stream) table.stream.live = false;
      return { TableDescription: { ...describe(table), TableStatus: "DELETING" as const } };
    },

    /** DescribeTable: keys, item count, and the stream's ARN (LatestStreamArn) when it has one. */
    async describeTable(request: { TableName: string }) {
      return { Table: describe(tableOf(request.TableName)) };
    },

    /** ListTables. */
    async listTables(): Promise<{ TableNames: string[] }> {
      return { TableNames: [...tables.keys()].sort() };
    },

    /** PutItem: creates or replaces the whole item. ReturnValues ALL_OLD gives the item it replaced. */
    async putItem(request: { TableName: string; Item: Item; ReturnValues?: "NONE" | "ALL_OLD" } & WriteOptions) {
      const table = tableOf(request.TableName);
      const choice = returnValues(request.ReturnValues, ["NONE", "ALL_OLD"]);
      const item = checkItem(request.Item, "Item");
      const old = write(table, keyOf(item, table.keys, "Item", false), item, request);
      return choice === "ALL_OLD" ? returned(old) : {};
    },

    /** GetItem: the item with exactly this key (only the attributes a ProjectionExpression names), or no Item. */
    async getItem(request: { TableName: string; Key: Item; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }): Promise<{ Item?: Item }> {
      const table = tableOf(request.TableName);
      const projection = projectionOf(request);
      const item = table.items.get(canonical(keyOf(checkItem(request.Key, "Key"), table.keys, "Key", true)));
      return item === undefined ? {} : { Item: outputItem(projectItem(item, projection)) };
    },

    /**
     * UpdateItem: changes attributes with an UpdateExpression (SET, REMOVE, ADD), creating the item if it is
     * missing. ReturnValues: NONE, ALL_OLD, UPDATED_OLD, ALL_NEW or UPDATED_NEW.
     */
    async updateItem(request: { TableName: string; Key: Item; UpdateExpression: string; ReturnValues?: "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW" } & WriteOptions) {
      const table = tableOf(request.TableName);
      const choice = returnValues(request.ReturnValues, ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
      const key = keyOf(checkItem(request.Key, "Key"), table.keys, "Key", true);
      if (typeof request.UpdateExpression !== "string") throw validation("UpdateExpression", "UpdateExpression is required, e.g. \"SET #n = :v\".");
      const context = { names: request.ExpressionAttributeNames ?? {}, values: checkItem(request.ExpressionAttributeValues ?? {}, "ExpressionAttributeValues"), field: "UpdateExpression" };
      const actions = parseUpdate(request.UpdateExpression, context);
      const keyAttribute = actions.find((a) => a.path in key);
      if (keyAttribute) throw validation("UpdateExpression", `One or more parameter values were invalid: Cannot update attribute ${keyAttribute.path}. This attribute is part of the key`);
      const before = table.items.get(canonical(key)) ?? key;
      const after = applyUpdate(actions, before, "UpdateExpression");
      const old = write(table, key, after, request);
      const touched = (item: Item) => Object.fromEntries(actions.filter((a) => item[a.path] !== undefined).map((a) => [a.path, item[a.path]!]));
      if (choice === "ALL_OLD") return returned(old);
      if (choice === "UPDATED_OLD") return old === undefined ? {} : returned(touched(old));
      if (choice === "ALL_NEW") return returned(after);
      if (choice === "UPDATED_NEW") return returned(touched(after));
      return {};
    },

    /** DeleteItem: removes the item with this key (nothing happens if there is none). ReturnValues ALL_OLD gives it back. */
    async deleteItem(request: { TableName: string; Key: Item; ReturnValues?: "NONE" | "ALL_OLD" } & WriteOptions) {
      const table = tableOf(request.TableName);
      const choice = returnValues(request.ReturnValues, ["NONE", "ALL_OLD"]);
      const key = keyOf(checkItem(request.Key, "Key"), table.keys, "Key", true);
      const old = write(table, key, undefined, request);
      return choice === "ALL_OLD" ? returned(old) : {};
    },

    /** Query: the items of one partition key, in sort key order, narrowed by a sort key condition. */
    async query(request: QueryRequest) {
      const table = tableOf(request.TableName);
      const values = checkItem(request.ExpressionAttributeValues ?? {}, "ExpressionAttributeValues");
      const projection = projectionOf(request);
      const result = readTable(table.items.values(), table.keys, { ...request, ExpressionAttributeValues: values }, true);
      return { ...result, Items: result.Items.map((item) => outputItem(projectItem(item, projection))) };
    },

    /** Scan: every item of the table (a page at a time with Limit), optionally filtered. */
    async scan(request: Omit<QueryRequest, "KeyConditionExpression" | "ScanIndexForward">) {
      const table = tableOf(request.TableName);
      const values = checkItem(request.ExpressionAttributeValues ?? {}, "ExpressionAttributeValues");
      const projection = projectionOf(request);
      const result = readTable(table.items.values(), table.keys, { ...request, ExpressionAttributeValues: values }, false);
      return { ...result, Items: result.Items.map((item) => outputItem(projectItem(item, projection))) };
    },

    /** The table stream an ARN names, as Lambda's stream poller reads it; undefined if there is none. */
    polledStream(streamArn: string): PolledStream | undefined {
      const stream = streams.get(streamArn);
      return stream?.live ? stream.polled() : undefined;
    },
  };
}

/** minicloud's DynamoDB service (see {@link createDynamoDb}). */
export type DynamoDb = ReturnType<typeof createDynamoDb>;
