import { MinicloudError } from "../../core/errors.js";

/** A DynamoDB attribute value in DynamoDB JSON: exactly one type key (S, N, B, BOOL, NULL, M, L, SS, NS, BS). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array | string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: (Uint8Array | string)[] };

/** An item: attribute names to values. */
export type Item = Record<string, AttributeValue>;

const TYPES = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"] as const;

/** DynamoDB's ValidationException, naming the field. */
export function validation(field: string, message: string): MinicloudError {
  return new MinicloudError("ValidationException", message, { field, statusCode: 400 });
}

/** The type key of a value (S, N, ...). */
export function typeOf(value: AttributeValue): (typeof TYPES)[number] {
  return Object.keys(value)[0] as (typeof TYPES)[number];
}

const bytes = (b: Uint8Array | string) => Uint8Array.from(Buffer.from(base64(b), "base64"));
const base64 = (b: Uint8Array | string) => (typeof b === "string" ? b : Buffer.from(b).toString("base64"));
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks a value as DynamoDB does and returns it in the form minicloud stores (binary as base64, as
 * streams carry it). Sets must be non-empty and without duplicates; numbers must be numbers.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */
export function checkValue(value: unknown, field: string): AttributeValue {
  const keys = value !== null && typeof value === "object" && !(value instanceof Uint8Array) ? Object.keys(value) : [];
  const type = keys[0] as (typeof TYPES)[number] | undefined;
  if (keys.length !== 1 || !TYPES.includes(type!)) {
    throw validation(field, `Supplied AttributeValue at ${field} has ${keys.length === 0 ? "no" : "more than one"} datatype: write it in DynamoDB JSON, e.g. { "S": "text" } or { "N": "42" } (marshall() converts plain values).`);
  }
  const inner = (value as Record<string, unknown>)[type!];
  const bad = (what: string) => validation(field, `One or more parameter values were invalid: ${what} (at ${field}).`);
  const numberText = (n: unknown) => {
    if (typeof n !== "string" || !NUMBER.test(n.trim())) throw bad(`A value provided cannot be converted into a number: ${String(n)}`);
    return n.trim();
  };
  const set = <T>(items: unknown, name: string, each: (x: unknown) => T): T[] => {
    if (!Array.isArray(items) || items.length === 0) throw bad(`An ${name} set may not be empty`);
    const out = items.map(each);
    const seen = out.map((x) => (name === "number" ? String(Number(x)) : String(x)));
    if (new Set(seen).size !== seen.length) throw bad(`Input collection ${JSON.stringify(items)} contains duplicates`);
    return out;
  };
  switch (type!) {
    case "S":
      if (typeof inner !== "string") throw bad("S must be a string");
      return { S: inner };
    case "N":
      return { N: numberText(inner) };
    case "B":
      if (!(inner instanceof Uint8Array) && typeof inner !== "string") throw bad("B must be bytes (a Uint8Array) or base64 text");
      return { B: base64(inner) };
    case "BOOL":
      if (typeof inner !== "boolean") throw bad("BOOL must be true or false");
      return { BOOL: inner };
    case "NULL":
      if (inner !== true) throw bad("NULL must be true");
      return { NULL: true };
    case "M":
      if (inner === null || typeof inner !== "object") throw bad("M must be an object of attribute values");
      return { M: Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, checkValue(v, `${field}.${k}`)])) };
    case "L":
      if (!Array.isArray(inner)) throw bad("L must be a list of attribute values");
      return { L: inner.map((v, i) => checkValue(v, `${field}[${i}]`)) };
    case "SS":
      return { SS: set(inner, "string", (x) => (typeof x === "string" ? x : String(x))) };
    case "NS":
      return { NS: set(inner, "number", numberText) };
    case "BS":
      return { BS: set(inner, "binary", (x) => base64(x as Uint8Array | string)) };
  }
}

/** Checks every attribute of an item (an object of name → value). */
export function checkItem(item: unknown, field: string): Item {
  if (item === null || typeof item !== "object" || Array.isArray(item)) throw validation(field, `${field} must be an object of attribute name → value in DynamoDB JSON.`);
  return Object.fromEntries(Object.entries(item).map(([name, v]) => [name, checkValue(v, `${field}.${name}`)]));
}

/**
 * An item's size as DynamoDB counts it: names and values in UTF-8 bytes; a number about one byte per two
 * digits plus one; 1 byte for BOOL and NULL; 3 bytes of overhead for a map or a list plus 1 per element.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((n, [name, v]) => n + Buffer.byteLength(name) + valueSize(v), 0);
}

function valueSize(value: AttributeValue): number {
  const numberSize = (n: string) => Math.ceil(n.replace(/[^0-9]/g, "").replace(/^0+/, "").length / 2) + 1;
  if ("S" in value) return Buffer.byteLength(value.S);
  if ("N" in value) return numberSize(value.N);
  if ("B" in value) return Buffer.from(base64(value.B), "base64").length;
  if ("BOOL" in value || "NULL" in value) return 1;
  if ("M" in value) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v) + 1, 0);
  if ("L" in value) return 3 + value.L.reduce((n, v) => n + valueSize(v) + 1, 0);
  if ("SS" in value) return value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if ("NS" in value) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  return value.BS.reduce((n, b) => n + Buffer.from(base64(b), "base64").length, 0);
}

/** Orders two scalar values of the same type as DynamoDB sorts keys (numbers by value, text and bytes bytewise). */
export function compareValues(a: AttributeValue, b: AttributeValue): number {
  if ("N" in a && "N" in b) return Number(a.N) - Number(b.N);
  const bytes = (v: AttributeValue) => ("S" in v ? Buffer.from(v.S) : "B" in v ? Buffer.from(base64(v.B), "base64") : Buffer.from(JSON.stringify(v)));
  return Buffer.compare(bytes(a), bytes(b));
}

/** Whether two values are equal (same type, same content; sets in any order). */
export function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  return canonical(a) === canonical(b);
}

/** A value's text with set members and map keys sorted, for equality. */
export function canonical(value: AttributeValue | Item): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, (k === "SS" || k === "NS" || k === "BS") && Array.isArray(x) ? [...(x as string[])].sort() : x] as const);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** An item as the API returns it: binary values as bytes, as the AWS SDK gives them. */
export function outputItem(item: Item): Item {
  const out = (v: AttributeValue): AttributeValue => {
    if ("B" in v) return { B: bytes(v.B) };
    if ("BS" in v) return { BS: v.BS.map(bytes) };
    if ("M" in v) return { M: outputItem(v.M) };
    if ("L" in v) return { L: v.L.map(out) };
    return structuredClone(v);
  };
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, out(v)]));
}
