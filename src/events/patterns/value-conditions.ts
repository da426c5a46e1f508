import { BlockList, isIP } from "node:net";

// One condition of an event pattern or filter policy: what a single value in the event must be. The rules
// and the reasons given for bad conditions follow AWS's Event Ruler, the matcher EventBridge runs, so a
// pattern refused here is refused by EventBridge with the same reason.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
// https://github.com/aws/event-ruler (JsonRuleCompiler)

/** A value at the end of a path in an event: JSON's scalars. */
export type Scalar = string | number | boolean | null;

/** A comparison of a numeric condition. */
export interface Comparison {
  op: "=" | "<" | "<=" | ">" | ">=";
  value: number;
}

/** A compiled condition. `exists` is about the path, every other kind about one value at it. */
export type Condition =
  | { kind: "equals"; value: Scalar }
  | { kind: "prefix" | "suffix"; text: string; ignoreCase: boolean }
  | { kind: "equals-ignore-case"; text: string }
  | { kind: "wildcard"; text: string; regex: RegExp }
  | { kind: "anything-but"; excluded: Condition[] }
  | { kind: "numeric"; comparisons: Comparison[] }
  | { kind: "cidr"; text: string; block: BlockList; family: "ipv4" | "ipv6" }
  | { kind: "exists"; present: boolean };

/** The operators, by the name a pattern writes them with. */
export const OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists"] as const;
export type Operator = (typeof OPERATORS)[number];

/** Which operators a service takes: at the top of a condition, and inside `anything-but`. */
export interface ConditionRules {
  operators: ReadonlySet<string>;
  /** Of prefix, suffix, equals-ignore-case and wildcard, those `anything-but` may hold. */
  anythingBut: ReadonlySet<string>;
}

/** Thrown while compiling; the service turns it into its own AWS error. */
export class ConditionProblem extends Error {}

const problem = (reason: string): never => {
  throw new ConditionProblem(reason);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `*` matches any run of characters; `\*` is a star and `\\` a backslash; no two stars side by side. */
function wildcardRegex(text: string): RegExp {
  let source = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      if (next !== "*" && next !== "\\") problem(`Invalid escape character at pos ${i}`);
      source += `\\${next}`;
      i++;
    } else if (c === "*") {
      if (text[i + 1] === "*") problem(`Consecutive wildcard characters at pos ${i + 1}`);
      source += "[\\s\\S]*";
    } else {
      source += c.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

function cidr(text: unknown): Condition {
  if (typeof text !== "string") return problem("prefix match pattern must be a string"); // Event Ruler's own wording
  const parts = text.split("/");
  if (parts.length !== 2) return problem("Malformed CIDR, one '/' required");
  const [address, bits] = parts as [string, string];
  if (!/^\d+$/.test(bits)) return problem("Malformed CIDR, mask bits must be an integer");
  const family = isIP(address) === 4 ? "ipv4" : isIP(address) === 6 ? "ipv6" : problem(`Nonstandard IP address: ${address}`);
  const mask = Number(bits);
  if (mask > (family === "ipv4" ? 32 : 128)) return problem(`Malformed CIDR, mask bits must be at most ${family === "ipv4" ? 32 : 128}`);
  const block = new BlockList();
  block.addSubnet(address, mask, family);
  return { kind: "cidr", text, block, family };
}

/** The numeric operand: `[op, n]` or a range `[">" | ">=", low, "<" | "<=", high]`. */
function numeric(operand: unknown): Condition {
  if (!Array.isArray(operand)) return problem("Value of numeric must be an array.");
  const [op, value, op2, value2] = operand as unknown[];
  if (typeof op !== "string") return problem(`Invalid member in numeric match: ${operand.length === 0 ? "]" : JSON.stringify(op)}`);
  if (!["=", "<", "<=", ">", ">="].includes(op)) return problem(`Unrecognized numeric range operator: ${op}`);
  if (typeof value !== "number") return problem(`Value of ${op === "=" ? "equals" : op} must be numeric`);
  const first: Comparison = { op: op as Comparison["op"], value };
  if (operand.length === 2) return { kind: "numeric", comparisons: [first] };
  if (op !== ">" && op !== ">=") return problem("Too many elements in numeric expression");
  if (typeof op2 !== "string") return problem(`Bad value in numeric range: ${JSON.stringify(op2)}`);
  if (op2 !== "<" && op2 !== "<=") return problem(`Bad numeric range operator: ${op2}`);
  if (typeof value2 !== "number") return problem(`Value of ${op2} must be numeric`);
  if (operand.length > 4) return problem("Too many terms in numeric range expression");
  if (value >= value2) return problem("Bottom must be less than top");
  return { kind: "numeric", comparisons: [first, { op: op2, value: value2 }] };
}

/** A list of strings, or one string, as anything-but's prefix, suffix, wildcard and equals-ignore-case take them. */
function strings(operand: unknown, notStrings: string): string[] {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0 || !list.every((s): s is string => typeof s === "string")) return problem(notStrings);
  return list;
}

/** `anything-but`: a value, a list of all strings or all numbers, or one of prefix / suffix / equals-ignore-case / wildcard. */
function anythingBut(operand: unknown, allowed: ReadonlySet<string>): Condition {
  if (isObject(operand)) {
    const [name, inner, ...more] = Object.entries(operand).flat();
    if (more.length > 0) return problem("Only one key allowed in match expression");
    if (typeof name !== "string" || !allowed.has(name)) return problem(name === undefined ? "Anything-But expression name not found" : `Unsupported anything-but pattern: ${String(name)}`);
    if (name === "prefix" || name === "suffix") {
      if (isObject(inner)) return problem("Value of anything-but must be an array or single string/number value.");
      // SNS, which has no anything-but suffix, names only the prefix in this reason.
      const texts = strings(inner, `${allowed.has("suffix") ? "prefix/suffix" : "prefix"} match pattern must be a string`);
      if (texts.includes("")) return problem("Null prefix/suffix not allowed");
      return { kind: "anything-but", excluded: texts.map((text) => ({ kind: name, text, ignoreCase: false })) };
    }
    if (name === "equals-ignore-case") {
      const texts = strings(inner, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
      return { kind: "anything-but", excluded: texts.map((text) => ({ kind: "equals-ignore-case", text })) };
    }
    const texts = strings(inner, "wildcard match pattern must be a string");
    return { kind: "anything-but", excluded: texts.map((text) => ({ kind: "wildcard", text, regex: wildcardRegex(text) })) };
  }
  if (Array.isArray(operand)) {
    if (operand.some((v) => typeof v !== "string" && typeof v !== "number")) return problem("Inside anything but list, start|null|boolean is not supported.");
    const types = new Set(operand.map((v) => typeof v));
    if (types.size !== 1) return problem("Inside anything but list, either all values are number or string, mixed type is not supported");
    return { kind: "anything-but", excluded: operand.map((value: string | number) => ({ kind: "equals", value })) };
  }
  if (typeof operand !== "string" && typeof operand !== "number") return problem("Value of anything-but must be an array or single string/number value.");
  return { kind: "anything-but", excluded: [{ kind: "equals", value: operand }] };
}

/** `prefix` and `suffix`: a string, or `{ "equals-ignore-case": string }`. */
function affix(kind: "prefix" | "suffix", operand: unknown): Condition {
  if (isObject(operand) && Object.keys(operand).length === 1 && typeof operand["equals-ignore-case"] === "string") {
    return { kind, text: operand["equals-ignore-case"], ignoreCase: true };
  }
  if (typeof operand !== "string") return problem(`${kind} match pattern must be a string`);
  return { kind, text: operand, ignoreCase: false };
}

/**
 * Compiles one entry of a pattern's list of values: a JSON scalar matched exactly, or an object naming one
 * of the operators the calling service takes.
 */
export function compileCondition(entry: unknown, rules: ConditionRules): Condition {
  if (entry === null || typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean") return { kind: "equals", value: entry };
  if (!isObject(entry)) return problem("Match value must be String, number, true, false, or null");
  const entries = Object.entries(entry);
  if (entries.length === 0) return problem("Match expression name not found");
  const [name, operand] = entries[0]!;
  if (!rules.operators.has(name)) return problem(`Unrecognized match type ${name}`);
  if (entries.length > 1) return problem(name === "numeric" || name === "anything-but" ? "Too many elements in numeric expression" : "Only one key allowed in match expression");
  switch (name as Operator) {
    case "prefix":
    case "suffix":
      return affix(name as "prefix" | "suffix", operand);
    case "equals-ignore-case":
      return typeof operand === "string" ? { kind: "equals-ignore-case", text: operand } : problem("equals-ignore-case match pattern must be a string");
    case "wildcard":
      return typeof operand === "string" ? { kind: "wildcard", text: operand, regex: wildcardRegex(operand) } : problem("wildcard match pattern must be a string");
    case "anything-but":
      return anythingBut(operand, rules.anythingBut);
    case "numeric":
      return numeric(operand);
    case "cidr":
      return cidr(operand);
    case "exists":
      return typeof operand === "boolean" ? { kind: "exists", present: operand } : problem("exists match pattern must be either true or false.");
  }
}

const COMPARE: Record<Comparison["op"], (a: number, b: number) => boolean> = {
  "=": (a, b) => a === b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

/**
 * Whether one value at the condition's path satisfies it. String operators see only strings and numeric
 * ones only numbers; `anything-but` takes any value present (null too) that none of its exclusions match.
 */
export function valueMatches(condition: Condition, value: Scalar): boolean {
  switch (condition.kind) {
    case "equals":
      return value === condition.value;
    case "prefix":
    case "suffix": {
      if (typeof value !== "string") return false;
      const [text, affix] = condition.ignoreCase ? [value.toLowerCase(), condition.text.toLowerCase()] : [value, condition.text];
      return condition.kind === "prefix" ? text.startsWith(affix) : text.endsWith(affix);
    }
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === condition.text.toLowerCase();
    case "wildcard":
      return typeof value === "string" && condition.regex.test(value);
    case "anything-but":
      return !condition.excluded.some((excluded) => valueMatches(excluded, value));
    case "numeric":
      return typeof value === "number" && condition.comparisons.every((c) => COMPARE[c.op](value, c.value));
    case "cidr":
      return typeof value === "string" && isIP(value) === (condition.family === "ipv4" ? 4 : 6) && condition.block.check(value, condition.family);
    case "exists":
      return condition.present;
  }
}
