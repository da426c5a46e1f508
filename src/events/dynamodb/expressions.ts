import { compareValues, sameValue, validation, type AttributeValue, type Item } from "./attribute-values.js";

/** The placeholders an expression may use: `#name` for attribute names, `:value` for values. */
export interface ExpressionContext {
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
  /** Which request field the expression came from, for error messages. */
  field: string;
}

/** A value an expression reads: an attribute of the item (by top-level name) or a placeholder value. */
export type Operand = { path: string } | { value: AttributeValue };

/** A parsed condition (ConditionExpression, KeyConditionExpression, FilterExpression). */
export type Condition =
  | { op: "and" | "or"; left: Condition; right: Condition }
  | { op: "not"; inner: Condition }
  | { op: "=" | "<>" | "<" | "<=" | ">" | ">="; left: Operand; right: Operand }
  | { op: "between"; subject: Operand; low: Operand; high: Operand }
  | { op: "attribute_exists" | "attribute_not_exists"; path: string }
  | { op: "begins_with" | "contains"; subject: Operand; prefix: Operand };

const TOKEN = /\s*(<>|<=|>=|[=<>(),+\-]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\S)/y;

/** A cursor over an expression's tokens, with the placeholders it resolves. */
export class Tokens {
  readonly #tokens: string[] = [];
  #at = 0;
  readonly context: ExpressionContext;

  constructor(text: string, context: ExpressionContext) {
    this.context = context;
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) this.#tokens.push(m[1]!);
    if (text.trim().length === 0) throw this.error("The expression can not be empty");
  }

  peek(): string | undefined {
    return this.#tokens[this.#at];
  }
  next(): string {
    const token = this.#tokens[this.#at++];
    if (token === undefined) throw this.error("Syntax error; the expression ends too early");
    return token;
  }
  /** Takes the next token if it is `word` (keywords are case-insensitive). */
  take(word: string): boolean {
    if (this.peek()?.toUpperCase() !== word.toUpperCase()) return false;
    this.#at++;
    return true;
  }
  expect(word: string): void {
    if (!this.take(word)) throw this.error(`Syntax error; token: "${this.peek() ?? "<EOF>"}", expected "${word}"`);
  }
  done(): boolean {
    return this.#at >= this.#tokens.length;
  }
  error(message: string): Error {
    return validation(this.context.field, `Invalid ${this.context.field}: ${message}.`);
  }

  /** An attribute name: plain, or a #placeholder from ExpressionAttributeNames. Nested paths are not supported. */
  path(): string {
    const token = this.next();
    let name = token;
    if (token.startsWith("#")) {
      const resolved = this.context.names[token];
      if (resolved === undefined) throw this.error(`An expression attribute name used in the document path is not defined; attribute name: ${token}`);
      name = resolved;
    } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token)) throw this.error(`Syntax error; token: "${token}", expected an attribute name`);
    if (this.peek() === "." || this.peek() === "[") throw this.error("minicloud supports top-level attribute names only (no nested paths like a.b or a[0])");
    return name;
  }

  /** A :placeholder from ExpressionAttributeValues, or an attribute. */
  operand(): Operand {
    const token = this.peek();
    if (token?.startsWith(":")) {
      this.next();
      const value = this.context.values[token];
      if (value === undefined) throw this.error(`An expression attribute value used in expression is not defined; attribute value: ${token}`);
      return { value };
    }
    return { path: this.path() };
  }
}

/** Parses a condition expression (comparisons, BETWEEN, AND/OR/NOT, attribute_exists, attribute_not_exists, begins_with, contains). */
export function parseCondition(text: string, context: ExpressionContext): Condition {
  const tokens = new Tokens(text, context);
  const condition = or(tokens);
  if (!tokens.done()) throw tokens.error(`Syntax error; token: "${tokens.peek()}"`);
  return condition;
}

function or(t: Tokens): Condition {
  let left = and(t);
  while (t.take("OR")) left = { op: "or", left, right: and(t) };
  return left;
}
function and(t: Tokens): Condition {
  let left = not(t);
  while (t.take("AND")) left = { op: "and", left, right: not(t) };
  return left;
}
function not(t: Tokens): Condition {
  return t.take("NOT") ? { op: "not", inner: not(t) } : primary(t);
}
function primary(t: Tokens): Condition {
  if (t.take("(")) {
    const inner = or(t);
    t.expect(")");
    return inner;
  }
  const word = t.peek()?.toLowerCase();
  if (word === "attribute_exists" || word === "attribute_not_exists" || word === "begins_with" || word === "contains") {
    t.next();
    t.expect("(");
    if (word === "attribute_exists" || word === "attribute_not_exists") {
      const path = t.path();
      t.expect(")");
      return { op: word, path };
    }
    const subject = t.operand();
    t.expect(",");
    const prefix = t.operand();
    t.expect(")");
    return { op: word, subject, prefix };
  }
  const left = t.operand();
  if (t.take("BETWEEN")) {
    const low = t.operand();
    t.expect("AND");
    return { op: "between", subject: left, low, high: t.operand() };
  }
  const op = t.next();
  if (op !== "=" && op !== "<>" && op !== "<" && op !== "<=" && op !== ">" && op !== ">=") throw t.error(`Syntax error; token: "${op}", expected a comparator`);
  return { op, left, right: t.operand() };
}

/** The value an operand has for an item (undefined for a missing attribute). */
export function operandValue(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  return "value" in operand ? operand.value : item?.[operand.path];
}

const scalar = (v: AttributeValue | undefined) => v !== undefined && ("S" in v || "N" in v || "B" in v);

/** Whether an item (undefined when there is none) meets a condition. */
export function evaluate(condition: Condition, item: Item | undefined): boolean {
  switch (condition.op) {
    case "and":
      return evaluate(condition.left, item) && evaluate(condition.right, item);
    case "or":
      return evaluate(condition.left, item) || evaluate(condition.right, item);
    case "not":
      return !evaluate(condition.inner, item);
    case "attribute_exists":
      return item?.[condition.path] !== undefined;
    case "attribute_not_exists":
      return item?.[condition.path] === undefined;
    case "begins_with": {
      const [s, p] = [operandValue(condition.subject, item), operandValue(condition.prefix, item)];
      if (s && p && "S" in s && "S" in p) return s.S.startsWith(p.S);
      return !!(s && p && "B" in s && "B" in p && Buffer.from(String(s.B), "base64").subarray(0, Buffer.from(String(p.B), "base64").length).equals(Buffer.from(String(p.B), "base64")));
    }
    case "contains": {
      const [s, p] = [operandValue(condition.subject, item), operandValue(condition.prefix, item)];
      if (!s || !p) return false;
      if ("S" in s && "S" in p) return s.S.includes(p.S);
      if ("SS" in s && "S" in p) return s.SS.includes(p.S);
      if ("NS" in s && "N" in p) return s.NS.some((n) => Number(n) === Number(p.N));
      if ("L" in s) return s.L.some((v) => sameValue(v, p));
      return false;
    }
    case "between": {
      const [s, low, high] = [operandValue(condition.subject, item), operandValue(condition.low, item), operandValue(condition.high, item)];
      if (!scalar(s) || !scalar(low) || !scalar(high) || Object.keys(s!)[0] !== Object.keys(low!)[0]) return false;
      return compareValues(s!, low!) >= 0 && compareValues(s!, high!) <= 0;
    }
    default: {
      const [a, b] = [operandValue(condition.left, item), operandValue(condition.right, item)];
      if (a === undefined || b === undefined) return condition.op === "<>" && (a !== undefined || b !== undefined);
      if (condition.op === "=") return sameValue(a, b);
      if (condition.op === "<>") return !sameValue(a, b);
      if (!scalar(a) || Object.keys(a)[0] !== Object.keys(b)[0]) return false;
      const order = compareValues(a, b);
      return condition.op === "<" ? order < 0 : condition.op === "<=" ? order <= 0 : condition.op === ">" ? order > 0 : order >= 0;
    }
  }
}
