import { MinicloudError } from "../../core/errors.js";
import { compilePattern, parsePatternText, type CompiledPattern, type PatternDialect } from "../patterns/compile-pattern.js";
import { matchesPattern } from "../patterns/match-pattern.js";
import { baseType, type SnsMessageAttributeValue as MessageAttributeValue } from "./sns-message-attributes.js";

// SNS filter policies are EventBridge event patterns with a few differences, so both compile and match
// with the same code (../patterns). What SNS does differently, and this file adds:
// - no `wildcard` operator, and `anything-but` holds only values or a `prefix`;
// - on message attributes (the default scope) a policy is flat: a key cannot hold nested keys;
// - at most 5 top-level keys, and at most 150 "combinations" (for each $or branch, the product over its keys
//   of values × nesting depth, summed over branches);
// - messages are matched by their attributes (Number ones as numbers, String.Array ones as lists, Binary
//   ones ignored) or, with FilterPolicyScope MessageBody, by their JSON body.
// https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html

/** A subscription filter policy: keys to lists of conditions (or, for the message body, nested objects). */
export type FilterPolicy = { [key: string]: unknown };

/** Where a filter policy looks: the message's attributes, or its JSON body. */
export type FilterPolicyScope = "MessageAttributes" | "MessageBody";

/** A checked filter policy, ready to match messages. */
export interface ParsedFilterPolicy {
  text: string;
  policy: FilterPolicy;
  compiled: CompiledPattern;
}

const SNS_OPERATORS = new Set(["prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "cidr", "exists"]);
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

/**
 * Parses and checks a FilterPolicy for its scope, as SNS does. `onSubscribe` selects SNS's wording for a
 * policy given to Subscribe ("Attributes Reason: ...") rather than to SetSubscriptionAttributes.
 */
export function parseFilterPolicy(text: string, scope: FilterPolicyScope, options: { onSubscribe?: boolean } = {}): ParsedFilterPolicy {
  const prefix = `Invalid parameter: ${options.onSubscribe ? "Attributes Reason: " : ""}`;
  const invalid = (message: string) => new MinicloudError("InvalidParameter", message, { field: "Attributes.FilterPolicy", statusCode: 400 });
  const dialect: PatternDialect = {
    operators: SNS_OPERATORS,
    anythingBut: new Set(["prefix"]),
    nested:
      scope === "MessageBody" ||
      ((at) => invalid(`Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy (${at} holds an object; to filter on a JSON body, set FilterPolicyScope to MessageBody).`)),
    invalid: (reason, at) => invalid(`${prefix}FilterPolicy: ${reason}${at ? ` (at ${at})` : ""}`),
  };
  const policy = parsePatternText(text, dialect);
  const compiled = compilePattern(policy, dialect);
  if (Object.keys(policy as object).length > MAX_KEYS) throw invalid(`${prefix}FilterPolicy: Filter policy can not have more than ${MAX_KEYS} keys`);
  const combinations = compiled.branches.reduce((sum, fields) => sum + fields.reduce((product, f) => product * f.conditions.length * f.path.split(".").length, 1), 0);
  if (combinations > MAX_COMBINATIONS) {
    throw invalid(`${prefix}FilterPolicy: Filter policy is too complex (${combinations} combinations of values; SNS allows ${MAX_COMBINATIONS}).`);
  }
  return { text, policy: policy as FilterPolicy, compiled };
}

/** Whether a document (message attributes, or the message body's JSON) passes a filter policy. */
export function matchesFilterPolicy(policy: ParsedFilterPolicy, document: unknown): boolean {
  return matchesPattern(policy.compiled, document);
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
