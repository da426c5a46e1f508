import type { AttributeValue, Item } from "./attribute-values.js";

/** A plain JavaScript value that {@link marshall} can write in DynamoDB JSON. */
export type NativeValue = string | number | bigint | boolean | null | Uint8Array | NativeValue[] | Set<string> | Set<number> | { [key: string]: NativeValue };

/**
 * Writes a plain value as a DynamoDB attribute value: string → S, number → N, boolean → BOOL, null → NULL,
 * bytes → B, array → L, Set of strings or numbers → SS/NS, object → M (as @aws-sdk/util-dynamodb does).
 * @example marshallValue({ name: "Joe", age: 35 }) // { M: { name: { S: "Joe" }, age: { N: "35" } } }
 */
export function marshallValue(value: NativeValue): AttributeValue {
  if (typeof value === "string") return { S: value };
  if (typeof value === "number" || typeof value === "bigint") return { N: String(value) };
  if (typeof value === "boolean") return { BOOL: value };
  if (value === null) return { NULL: true };
  if (value instanceof Uint8Array) return { B: Uint8Array.from(value) };
  if (Array.isArray(value)) return { L: value.map(marshallValue) };
  if (value instanceof Set) {
    const members = [...value];
    return members.every((m) => typeof m === "number") ? { NS: members.map(String) } : { SS: members.map(String) };
  }
  return { M: marshall(value) };
}

/**
 * Writes a plain object as a DynamoDB item.
 * @example marshall({ id: "a1", count: 3 }) // { id: { S: "a1" }, count: { N: "3" } }
 */
export function marshall(object: { [key: string]: NativeValue }): Item {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined).map(([k, v]) => [k, marshallValue(v)]));
}

/** Reads a DynamoDB attribute value as a plain value (N → number, SS/NS → Set, B → bytes). */
export function unmarshallValue(value: AttributeValue): NativeValue {
  if ("S" in value) return value.S;
  if ("N" in value) return Number(value.N);
  if ("BOOL" in value) return value.BOOL;
  if ("NULL" in value) return null;
  if ("B" in value) return typeof value.B === "string" ? new Uint8Array(Buffer.from(value.B, "base64")) : value.B;
  if ("L" in value) return value.L.map(unmarshallValue);
  if ("M" in value) return unmarshall(value.M);
  if ("SS" in value) return new Set(value.SS);
  if ("NS" in value) return new Set(value.NS.map(Number));
  return value.BS.map((b) => (typeof b === "string" ? new Uint8Array(Buffer.from(b, "base64")) : b));
}

/**
 * Reads a DynamoDB item (from getItem, or a stream record's NewImage) as a plain object.
 * @example unmarshall({ id: { S: "a1" }, count: { N: "3" } }) // { id: "a1", count: 3 }
 */
export function unmarshall(item: Item): { [key: string]: NativeValue } {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, unmarshallValue(v)]));
}
