import { MinicloudError } from "../../core/errors.js";
import { baseType, type SnsMessageAttributeValue as MessageAttributeValue } from "./sns-message-attributes.js";

/** A subscription filter policy: keys to lists of conditions (or, for the message body, nested objects). */
export type FilterPolicy = { [key: string]: unknown };

const OPERATORS = new Set(["prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists"]);
const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  "=": (a, b) => a === b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

function invalid(why: string): MinicloudError {
  return new MinicloudError("InvalidParameter", `Invalid parameter: FilterPolicy: ${why}`, { field: "Attributes.FilterPolicy", statusCode: 400 });
}

function checkCondition(condition: unknown, path: string): void {
  if (condition === null || ["string", "number", "boolean"].includes(typeof condition)) return;
  if (typeof condition !== "object" || Array.isArray(condition)) throw invalid(`${path}: a condition is a string, a number, or an object such as {"prefix": "abc"}.`);
  const entries = Object.entries(condition);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined || !OPERATORS.has(operator)) {
    throw invalid(`${path}: unrecognized match type ${JSON.stringify(condition)}; use prefix, suffix, equals-ignore-case, anything-but, numeric or exists.`);
  }
  if (operator === "numeric") {
    if (!Array.isArray(operand) || ![2, 4].includes(operand.length)) throw invalid(`${path}: numeric takes [op, value] or [op, value, op, value], e.g. [">", 0, "<=", 5].`);
    for (let i = 0; i < operand.length; i += 2) {
      if (!(String(operand[i]) in COMPARISONS) || typeof operand[i + 1] !== "number") throw invalid(`${path}: numeric: ${JSON.stringify(operand)} is not op, number pairs (=, <, <=, >, >=).`);
    }
  } else if (operator === "exists") {
    if (typeof operand !== "boolean") throw invalid(`${path}: exists takes true or false.`);
  } else if (operator === "anything-but") {
    const values = Array.isArray(operand) ? operand : [operand];
    if (values.length === 0) throw invalid(`${path}: anything-but needs a value.`);
    for (const v of values) {
      if (typeof v === "object" && v !== null && !("prefix" in v || "suffix" in v)) throw invalid(`${path}: anything-but takes values, or {"prefix": ...} / {"suffix": ...}.`);
    }
  } else if (typeof operand !== "string") {
    throw invalid(`${path}: ${operator} takes a string.`);
  }
}

/** Parses and checks a FilterPolicy attribute, naming the key that is wrong. */
export function parseFilterPolicy(text: string): FilterPolicy {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw invalid(`not JSON: ${text.slice(0, 80)}`);
  }
  const check = (node: unknown, path: string): void => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) throw invalid(`${path || "the policy"} must be a JSON object of keys to lists of conditions.`);
    for (const [key, value] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === "$or") {
        if (!Array.isArray(value) || value.length < 2) throw invalid(`${at} takes a list of at least two policies.`);
        value.forEach((p, i) => check(p, `${at}[${i}]`));
      } else if (Array.isArray(value)) {
        if (value.length === 0) throw invalid(`${at}: the list of conditions is empty.`);
        value.forEach((c, i) => checkCondition(c, `${at}[${i}]`));
      } else {
        check(value, at);
      }
    }
  };
  check(policy, "");
  return policy as FilterPolicy;
}

function matchesCondition(condition: unknown, value: unknown): boolean {
  if (condition === null || typeof condition !== "object") return typeof condition === "number" ? typeof value === "number" && value === condition : value === condition;
  const [operator, operand] = Object.entries(condition)[0]!;
  switch (operator) {
    case "prefix":
      return typeof value === "string" && value.startsWith(operand as string);
    case "suffix":
      return typeof value === "string" && value.endsWith(operand as string);
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === (operand as string).toLowerCase();
    case "exists":
      return operand === true;
    case "numeric": {
      const pairs = operand as (string | number)[];
      if (typeof value !== "number") return false;
      for (let i = 0; i < pairs.length; i += 2) if (!COMPARISONS[pairs[i] as string]!(value, pairs[i + 1] as number)) return false;
      return true;
    }
    case "anything-but": {
      const excluded = Array.isArray(operand) ? operand : [operand];
      return !excluded.some((e) => matchesCondition(e, value));
    }
    default:
      return false;
  }
}

/** Whether a document (message attributes, or the message body's JSON) passes a filter policy. */
export function matchesFilterPolicy(policy: FilterPolicy, document: unknown): boolean {
  const doc = (typeof document === "object" && document !== null ? document : {}) as Record<string, unknown>;
  return Object.entries(policy).every(([key, rule]) => {
    if (key === "$or") return (rule as FilterPolicy[]).some((p) => matchesFilterPolicy(p, doc));
    if (!Array.isArray(rule)) return matchesFilterPolicy(rule as FilterPolicy, doc[key]);
    const present = key in doc;
    if (!present) return rule.some((c) => typeof c === "object" && c !== null && (c as { exists?: boolean }).exists === false);
    const values = Array.isArray(doc[key]) ? (doc[key] as unknown[]) : [doc[key]];
    return rule.some((c) => values.some((v) => matchesCondition(c, v)));
  });
}

/**
 * Message attributes as a filter policy sees them: Number as numbers, String.Array as lists; Binary
 * attributes are not matched (SNS ignores them).
 */
export function attributesForFiltering(attributes: Record<string, MessageAttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const type = baseType(value.DataType);
    if (value.DataType === "String.Array") out[name] = JSON.parse(value.StringValue ?? "[]");
    else if (type === "Number") out[name] = Number(value.StringValue);
    else if (type === "String") out[name] = value.StringValue;
  }
  return out;
}
