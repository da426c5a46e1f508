import { canonical, compareValues, validation, type AttributeValue, type Item } from "./attribute-values.js";
import { evaluate, parseCondition, type Condition, type ExpressionContext } from "./expressions.js";
import type { TableKeys } from "./table-schema.js";

/** Query's and Scan's request, in AWS's names. */
export interface QueryRequest {
  TableName: string;
  /** Query: `pk = :v`, optionally `AND` a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with). */
  KeyConditionExpression?: string;
  /** Drops items after they are read (they still count towards Limit). */
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  /** Query: ascending sort key order (default true). */
  ScanIndexForward?: boolean;
  /** How many items to read before stopping with a LastEvaluatedKey. */
  Limit?: number;
  /** Where a previous page stopped. */
  ExclusiveStartKey?: Item;
  /** Only these attributes of each item, e.g. "id, #n" (the items are still read whole: they count the same). */
  ProjectionExpression?: string;
}

/**
 * Checks a KeyConditionExpression: one equality on the partition key, and at most one condition on the
 * sort key, joined by AND, as DynamoDB requires.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
 */
function checkKeyCondition(condition: Condition, keys: TableKeys): void {
  const parts = condition.op === "and" ? [condition.left, condition.right] : [condition];
  const fail = (why: string) => validation("KeyConditionExpression", `Query condition missed key schema element or is invalid: ${why}.`);
  if (parts.some((p) => p.op === "and")) throw fail("at most two conditions: the partition key, and the sort key");
  const onHash = parts.find((p) => p.op === "=" && "path" in p.left && p.left.path === keys.hash.AttributeName);
  if (!onHash) throw fail(`the partition key ${keys.hash.AttributeName} must be compared with = to a value`);
  const other = parts.find((p) => p !== onHash);
  if (other === undefined) return;
  const subject = "left" in other ? other.left : "subject" in other ? other.subject : undefined;
  const allowed = ["=", "<", "<=", ">", ">=", "between", "begins_with"].includes(other.op);
  if (!allowed || !subject || !("path" in subject) || subject.path !== keys.range?.AttributeName) {
    throw fail(`the second condition must be on the sort key${keys.range ? ` ${keys.range.AttributeName}` : " (this table has none)"} with =, <, <=, >, >=, BETWEEN or begins_with`);
  }
}

/** Reads a table for Query (one partition, by sort key) or Scan (everything), with paging and a filter. */
export function readTable(items: Iterable<Item>, keys: TableKeys, request: QueryRequest, query: boolean) {
  const context = (field: string): ExpressionContext => ({ names: request.ExpressionAttributeNames ?? {}, values: request.ExpressionAttributeValues ?? {}, field });
  let candidates = [...items];
  if (query) {
    if (typeof request.KeyConditionExpression !== "string") throw validation("KeyConditionExpression", "Query needs a KeyConditionExpression, e.g. \"#pk = :pk\" (or use scan to read the whole table).");
    const condition = parseCondition(request.KeyConditionExpression, context("KeyConditionExpression"));
    checkKeyCondition(condition, keys);
    candidates = candidates.filter((item) => evaluate(condition, item));
    const range = keys.range?.AttributeName;
    if (range) candidates.sort((a, b) => compareValues(a[range]!, b[range]!));
    if (request.ScanIndexForward === false) candidates.reverse();
  }
  const limit = request.Limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw validation("Limit", `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1.`);
  const keyText = (item: Item) => canonical(Object.fromEntries([keys.hash, keys.range].filter((k) => k !== undefined).map((k) => [k.AttributeName, item[k.AttributeName]!])));
  if (request.ExclusiveStartKey) {
    const start = keyText(request.ExclusiveStartKey);
    const at = candidates.findIndex((item) => keyText(item) === start);
    candidates = at === -1 ? candidates : candidates.slice(at + 1);
  }
  const page = limit === undefined ? candidates : candidates.slice(0, limit);
  const filter = request.FilterExpression === undefined ? undefined : parseCondition(request.FilterExpression, context("FilterExpression"));
  const Items = filter ? page.filter((item) => evaluate(filter, item)) : page;
  const last = page.length < candidates.length ? page[page.length - 1] : undefined;
  const lastKey = last && Object.fromEntries([keys.hash, keys.range].filter((k) => k !== undefined).map((k) => [k.AttributeName, last[k.AttributeName]!]));
  return { Items, Count: Items.length, ScannedCount: page.length, ...(lastKey ? { LastEvaluatedKey: lastKey } : {}) };
}
