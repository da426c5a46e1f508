import { validation, type AttributeValue, type Item } from "./attribute-values.js";
import { STREAM_VIEW_TYPES, type StreamViewType } from "./table-stream.js";

/** One key attribute of a table: the partition key (HASH) or the sort key (RANGE). */
export interface KeySchemaElement {
  AttributeName: string;
  KeyType: "HASH" | "RANGE";
}

/** A key attribute's name and type (S, N or B). */
export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: "S" | "N" | "B";
}

/** CreateTable's request, in AWS's names. */
export interface CreateTableRequest {
  TableName: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  /** A stream of every change, with the images the view type names. */
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: StreamViewType };
  BillingMode?: "PAY_PER_REQUEST" | "PROVISIONED";
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

/** A table's keys: the partition key and, when it has one, the sort key, each with its type. */
export interface TableKeys {
  hash: AttributeDefinition;
  range?: AttributeDefinition;
}

const NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * Checks CreateTable's request as DynamoDB does: a name of 3–255 characters, a HASH key first and an
 * optional RANGE key, each defined exactly once in AttributeDefinitions as S, N or B.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 */
export function checkTableRequest(request: CreateTableRequest): { keys: TableKeys; stream?: StreamViewType } {
  if (typeof request.TableName !== "string" || !NAME.test(request.TableName)) {
    throw validation("TableName", `1 validation error detected: Value '${String(request.TableName)}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ (3 to 255 characters).`);
  }
  const schema = request.KeySchema;
  if (!Array.isArray(schema) || schema.length < 1 || schema.length > 2) throw validation("KeySchema", "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member must have length between 1 and 2.");
  if (schema[0]!.KeyType !== "HASH") throw validation("KeySchema[0].KeyType", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type.");
  if (schema[1] !== undefined && schema[1].KeyType !== "RANGE") throw validation("KeySchema[1].KeyType", "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type.");
  if (schema[1] !== undefined && schema[1].AttributeName === schema[0]!.AttributeName) throw validation("KeySchema", "Invalid KeySchema: Some index key attribute have no definition: both keys name the same attribute.");
  const definitions = request.AttributeDefinitions;
  if (!Array.isArray(definitions)) throw validation("AttributeDefinitions", "AttributeDefinitions is required: the name and type (S, N or B) of each key attribute.");
  definitions.forEach((d, i) => {
    if (d.AttributeType !== "S" && d.AttributeType !== "N" && d.AttributeType !== "B") {
      throw validation(`AttributeDefinitions[${i}].AttributeType`, `1 validation error detected: Value '${String(d.AttributeType)}' at 'attributeDefinitions.${i + 1}.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S].`);
    }
  });
  const defined = (name: string, i: number) => {
    const definition = definitions.find((d) => d.AttributeName === name);
    if (!definition) throw validation(`KeySchema[${i}].AttributeName`, `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${name}], AttributeDefinitions: [${definitions.map((d) => d.AttributeName).join(", ")}]`);
    return { ...definition };
  };
  const keys: TableKeys = { hash: defined(schema[0]!.AttributeName, 0), ...(schema[1] ? { range: defined(schema[1].AttributeName, 1) } : {}) };
  if (definitions.length !== schema.length) {
    throw validation("AttributeDefinitions", "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions (define only the key attributes).");
  }
  const spec = request.StreamSpecification;
  if (spec?.StreamEnabled && !STREAM_VIEW_TYPES.includes(spec.StreamViewType!)) {
    throw validation("StreamSpecification.StreamViewType", `StreamViewType must be one of ${STREAM_VIEW_TYPES.join(", ")} when the stream is enabled; got ${String(spec.StreamViewType)}.`);
  }
  return { keys, ...(spec?.StreamEnabled ? { stream: spec.StreamViewType! } : {}) };
}

/**
 * The key of an item (PutItem) or a Key parameter (GetItem...), checked against the table's keys: both
 * present, of the defined type, not empty; a Key must hold nothing else.
 */
export function keyOf(item: Item, keys: TableKeys, field: string, exact: boolean): Item {
  const out: Item = {};
  for (const key of [keys.hash, keys.range]) {
    if (key === undefined) continue;
    const value: AttributeValue | undefined = item[key.AttributeName];
    if (value === undefined) {
      throw validation(field, exact ? "The provided key element does not match the schema" : `One or more parameter values were invalid: Missing the key ${key.AttributeName} in the item`);
    }
    const type = Object.keys(value)[0];
    if (type !== key.AttributeType) {
      throw validation(`${field}.${key.AttributeName}`, `One or more parameter values were invalid: Type mismatch for key ${key.AttributeName} expected: ${key.AttributeType} actual: ${type}`);
    }
    if (("S" in value && value.S === "") || ("B" in value && value.B.length === 0)) {
      throw validation(`${field}.${key.AttributeName}`, `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${type === "S" ? "string" : "binary"} value. Key: ${key.AttributeName}`);
    }
    out[key.AttributeName] = value;
  }
  if (exact && Object.keys(item).length !== Object.keys(out).length) throw validation(field, "The provided key element does not match the schema");
  return out;
}
