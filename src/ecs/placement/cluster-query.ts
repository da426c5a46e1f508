import { invalidParameter } from "../ecs-errors.js";

// ECS's cluster query language, used by memberOf placement constraints and ListContainerInstances
// filters: `attribute:ecs.instance-type =~ t3.*`, `attribute:ecs.availability-zone in [us-east-1a, us-east-1b]`,
// `task:group == service:web`, `not(attribute:gpu exists) and runningTasksCount < 5`.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html

/** What an expression can ask about a container instance. */
export interface QuerySubject {
  /** `attribute:<name>` values; an attribute without a value is present with `undefined`. */
  attributes: ReadonlyMap<string, string | undefined>;
  ec2InstanceId: string;
  agentConnected: boolean;
  agentVersion: string;
  /** Epoch ms. */
  registeredAt: number;
  runningTasksCount: number;
  /** The groups of the tasks running on the instance (`task:group`). */
  taskGroups: ReadonlySet<string>;
}

/** A parsed expression: call it on an instance to know whether it matches. */
export type ClusterQuery = (subject: QuerySubject) => boolean;

const OPERATORS: Record<string, string> = {
  "==": "==", equals: "==", "!=": "!=", not_equals: "!=",
  ">": ">", greater_than: ">", ">=": ">=", greater_than_equal: ">=",
  "<": "<", less_than: "<", "<=": "<=", less_than_equal: "<=",
  exists: "exists", "!exists": "!exists", not_exists: "!exists",
  in: "in", "!in": "!in", not_in: "!in",
  "=~": "=~", matches: "=~", "!~": "!~", not_matches: "!~",
};

interface Token {
  text: string;
  at: number;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(\(|\)|\[|\]|,|&&|\|\||==|!=|>=|<=|=~|!~|!exists|!in|>|<|!|"[^"]*"|'[^']*'|[^\s()[\],!=<>~&|"']+)/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(expression);
    if (!match?.[1]) throw invalidParameter(`Invalid cluster query ${JSON.stringify(expression)}: unexpected character at position ${at + 1}.`, "expression");
    tokens.push({ text: match[1], at: match.index + match[0].indexOf(match[1]) });
    at = pattern.lastIndex;
  }
  return tokens;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** `*` matches any run of characters in =~ and !~ patterns. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

function compare(actual: string | number | boolean | undefined, op: string, expected: string): boolean {
  if (actual === undefined) return op === "!=" || op === "!~" || op === "!in";
  const asNumber = Number(expected);
  if ((op === ">" || op === ">=" || op === "<" || op === "<=") && typeof actual === "number" && !Number.isNaN(asNumber)) {
    return op === ">" ? actual > asNumber : op === ">=" ? actual >= asNumber : op === "<" ? actual < asNumber : actual <= asNumber;
  }
  const text = String(actual);
  switch (op) {
    case "==": return text === expected;
    case "!=": return text !== expected;
    case "=~": return wildcard(expected).test(text);
    case "!~": return !wildcard(expected).test(text);
    case ">": return text > expected;
    case ">=": return text >= expected;
    case "<": return text < expected;
    default: return text <= expected;
  }
}

/** Parses a cluster query; throws InvalidParameterException naming the position of the mistake. */
export function parseClusterQuery(expression: string): ClusterQuery {
  if (typeof expression !== "string" || expression.trim() === "") throw invalidParameter("A cluster query expression cannot be empty.", "expression");
  const tokens = tokenize(expression);
  let i = 0;
  const fail = (what: string): never => {
    const token = tokens[i];
    throw invalidParameter(`Invalid cluster query ${JSON.stringify(expression)}: ${what} ${token ? `at "${token.text}" (position ${token.at + 1})` : "at the end"}.`, "expression");
  };
  const peek = (): string | undefined => tokens[i]?.text;
  const take = (): string => tokens[i++]?.text ?? fail("expected more");

  const parseOr = (): ClusterQuery => {
    let left = parseAnd();
    while (peek() === "||" || peek()?.toLowerCase() === "or") {
      take();
      const l = left, r = parseAnd();
      left = (s) => l(s) || r(s);
    }
    return left;
  };
  const parseAnd = (): ClusterQuery => {
    let left = parseUnary();
    while (peek() === "&&" || peek()?.toLowerCase() === "and") {
      take();
      const l = left, r = parseUnary();
      left = (s) => l(s) && r(s);
    }
    return left;
  };
  const parseUnary = (): ClusterQuery => {
    if (peek() === "!" || peek()?.toLowerCase() === "not") {
      take();
      const inner = parseUnary();
      return (s) => !inner(s);
    }
    if (peek() === "(") {
      take();
      const inner = parseOr();
      if (peek() !== ")") fail('expected ")"');
      take();
      return inner;
    }
    return parseComparison();
  };
  const parseList = (): string[] => {
    if (peek() !== "[") fail('expected "[" to start a list');
    take();
    const values: string[] = [];
    while (peek() !== "]") {
      if (peek() === undefined) fail('expected "]"');
      values.push(unquote(take()));
      if (peek() === ",") take();
      else if (peek() !== "]") fail('expected "," or "]"');
    }
    take();
    return values;
  };
  const parseComparison = (): ClusterQuery => {
    const subject = take();
    const opText = peek();
    const op = opText === undefined ? undefined : OPERATORS[opText.toLowerCase()];
    if (!op) return fail(`expected an operator (==, !=, >, <, exists, in, =~ …) after "${subject}"`);
    take();
    const read = subjectReader(subject, fail);
    if (op === "exists" || op === "!exists") return (s) => (read(s) !== undefined) === (op === "exists");
    if (op === "in" || op === "!in") {
      const values = parseList();
      return (s) => {
        const found = matchesAny(read(s), (v) => values.includes(String(v)));
        return op === "in" ? found : !found;
      };
    }
    const expected = unquote(take());
    return (s) => matchesAny(read(s), (v) => compare(v, op, expected), op.startsWith("!"));
  };

  const query = parseOr();
  if (i < tokens.length) fail("unexpected text");
  return query;
}

type Value = string | number | boolean | undefined;

/** task:group may hold several groups: a positive test passes if any matches, a negative one if all do. */
function matchesAny(value: Value | ReadonlySet<string>, test: (v: Value) => boolean, negative = false): boolean {
  if (value instanceof Set) {
    const values = [...(value as Set<string>)];
    if (values.length === 0) return test(undefined);
    return negative ? values.every(test) : values.some(test);
  }
  return test(value as Value);
}

function subjectReader(subject: string, fail: (what: string) => never): (s: QuerySubject) => Value | ReadonlySet<string> {
  if (subject.startsWith("attribute:")) {
    const name = subject.slice("attribute:".length);
    return (s) => (s.attributes.has(name) ? (s.attributes.get(name) ?? "") : undefined);
  }
  switch (subject) {
    case "task:group": return (s) => s.taskGroups;
    case "ec2InstanceId": return (s) => s.ec2InstanceId;
    case "agentConnected": return (s) => String(s.agentConnected);
    case "agentVersion": return (s) => s.agentVersion;
    case "registeredAt": return (s) => new Date(s.registeredAt).toISOString();
    case "runningTasksCount": return (s) => s.runningTasksCount;
    default: return fail(`unknown subject "${subject}" (use attribute:<name>, task:group, ec2InstanceId, agentConnected, agentVersion, registeredAt or runningTasksCount)`);
  }
}
