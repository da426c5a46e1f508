import { compileCondition, ConditionProblem, OPERATORS, type Condition, type ConditionRules } from "./value-conditions.js";

// An event pattern (EventBridge) or a filter policy (SNS) is a JSON object whose keys follow the event's
// nesting and whose leaves are lists of conditions; `$or` lists alternative sub-patterns. Compiling
// flattens it, as Event Ruler does, into branches (one per combination of `$or` alternatives), each a set of
// dotted paths with their conditions: a branch matches when every path has a value meeting one condition.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html

/** One path of a branch and the conditions any of which a value at it must meet. */
export interface FieldConditions {
  /** Keys joined with `.` (so `{ "a": { "b": [...] } }` and `{ "a.b": [...] }` name the same path, as in Event Ruler). */
  path: string;
  conditions: Condition[];
}

/** A compiled pattern: it matches an event when one of its branches does. */
export interface CompiledPattern {
  branches: FieldConditions[][];
}

/** What differs between the services that use patterns: which operators they take (SNS has no `wildcard`), and: */
export interface PatternDialect extends ConditionRules {
  /** True when a key may hold an object of keys; else the error for one that does (SNS policies on message attributes are flat). */
  nested: true | ((at: string) => Error);
  /** Makes the service's error for a bad pattern: why, and where (`detail.state[0]`). */
  invalid(reason: string, at: string): Error;
}

/** EventBridge's operators: all of them, and all four inside anything-but. */
export const EVENT_PATTERN_RULES: ConditionRules = { operators: new Set(OPERATORS), anythingBut: new Set(["prefix", "suffix", "equals-ignore-case", "wildcard"]) };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses a pattern's JSON text, with the reason JSON.parse gives when it is not JSON. */
export function parsePatternText(text: string, dialect: PatternDialect): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw dialect.invalid(`not JSON: ${(error as Error).message}`, "");
  }
}

/**
 * Compiles a pattern (parsed JSON), checking it as the service does and naming the path of the first
 * problem.
 */
export function compilePattern(pattern: unknown, dialect: PatternDialect): CompiledPattern {
  if (!isObject(pattern)) throw dialect.invalid("Filter is not an object", "");
  const fail = (reason: string, at: string): never => {
    throw dialect.invalid(reason, at);
  };

  /** Adds the fields of `node` to every branch of `branches`, forking at each `$or`. */
  const walk = (node: Record<string, unknown>, prefix: string, at: string, branches: FieldConditions[][], insideOr: boolean): FieldConditions[][] => {
    const keys = Object.keys(node);
    if (keys.length === 0) fail("Empty objects are not allowed", at);
    let current = branches;
    for (const key of keys) {
      const value = node[key];
      const here = at === "" ? key : `${at}.${key}`;
      if (key === "$or") {
        if (!Array.isArray(value)) fail("It must be an Array followed with $or.", here);
        const alternatives = value as unknown[];
        if (alternatives.length < 2) fail("There must have at least 2 Objects in $or relationship.", here);
        const forked: FieldConditions[][] = [];
        alternatives.forEach((alternative, i) => {
          if (!isObject(alternative)) fail("Only JSON object is allowed in array of $or relationship.", `${here}[${i}]`);
          forked.push(...walk(alternative as Record<string, unknown>, prefix, `${here}[${i}]`, current.map((b) => [...b]), true));
        });
        current = forked;
        continue;
      }
      if (insideOr && (OPERATORS as readonly string[]).includes(key)) fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, here);
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (isObject(value)) {
        if (dialect.nested !== true) throw dialect.nested(here);
        current = walk(value, path, here, current, insideOr);
      } else if (Array.isArray(value)) {
        if (value.length === 0) fail("Empty arrays are not allowed", here);
        const conditions = value.map((entry, i) => {
          try {
            return compileCondition(entry, dialect);
          } catch (error) {
            if (error instanceof ConditionProblem) return fail(error.message, `${here}[${i}]`);
            throw error;
          }
        });
        current = current.map((branch) => [...branch, { path, conditions }]);
      } else {
        fail(`"${key}" must be an object or an array`, here);
      }
    }
    return current;
  };

  return { branches: walk(pattern, "", "", [[]], false) };
}
