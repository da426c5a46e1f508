import { validation, type AttributeValue, type Item } from "./attribute-values.js";
import { operandValue, Tokens, type ExpressionContext, type Operand } from "./expressions.js";

type Term = { operand: Operand } | { ifNotExists: string; fallback: Operand } | { listAppend: [Operand, Operand] };
type Action =
  | { kind: "SET"; path: string; left: Term; op?: "+" | "-"; right?: Term }
  | { kind: "REMOVE"; path: string }
  | { kind: "ADD"; path: string; value: Operand };

/**
 * Parses an UpdateExpression: `SET a = :v, b = b + :n, c = if_not_exists(c, :z), d = list_append(d, :l)`,
 * `REMOVE a, b`, `ADD counter :n` or `ADD tags :set`, in any order, each clause at most once.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 */
export function parseUpdate(text: string, context: ExpressionContext): Action[] {
  const t = new Tokens(text, context);
  const actions: Action[] = [];
  const seen = new Set<string>();
  while (!t.done()) {
    const clause = t.next().toUpperCase();
    if (clause !== "SET" && clause !== "REMOVE" && clause !== "ADD") throw t.error(`Syntax error; token: "${clause}", expected SET, REMOVE or ADD (DELETE is not supported by minicloud)`);
    if (seen.has(clause)) throw t.error(`The "${clause}" section can only be used once in an update expression`);
    seen.add(clause);
    do {
      const path = t.path();
      if (clause === "REMOVE") actions.push({ kind: "REMOVE", path });
      else if (clause === "ADD") actions.push({ kind: "ADD", path, value: t.operand() });
      else {
        t.expect("=");
        const left = term(t);
        const op = t.peek();
        if (op === "+" || op === "-") {
          t.next();
          actions.push({ kind: "SET", path, left, op, right: term(t) });
        } else actions.push({ kind: "SET", path, left });
      }
    } while (t.take(","));
  }
  const paths = actions.map((a) => a.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) throw t.error(`Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${twice}], path two: [${twice}]`);
  return actions;
}

function term(t: Tokens): Term {
  const word = t.peek()?.toLowerCase();
  if (word === "if_not_exists") {
    t.next();
    t.expect("(");
    const path = t.path();
    t.expect(",");
    const fallback = t.operand();
    t.expect(")");
    return { ifNotExists: path, fallback };
  }
  if (word === "list_append") {
    t.next();
    t.expect("(");
    const a = t.operand();
    t.expect(",");
    const b = t.operand();
    t.expect(")");
    return { listAppend: [a, b] };
  }
  return { operand: t.operand() };
}

/** Applies parsed actions to an item (reading the old item's values), returning the new item. */
export function applyUpdate(actions: Action[], old: Item, field: string): Item {
  const item: Item = structuredClone(old);
  const fail = (message: string) => validation(field, `The provided expression refers to an attribute that does not exist in the item, or an operand type is wrong: ${message}.`);
  const termValue = (x: Term): AttributeValue => {
    if ("operand" in x) {
      const value = operandValue(x.operand, old);
      if (value === undefined) throw fail(`attribute ${"path" in x.operand ? x.operand.path : "?"} is missing`);
      return value;
    }
    if ("ifNotExists" in x) return old[x.ifNotExists] ?? operandValue(x.fallback, old)!;
    const [a, b] = x.listAppend.map((o) => operandValue(o, old));
    if (!a || !b || !("L" in a) || !("L" in b)) throw fail("list_append needs two lists");
    return { L: [...a.L, ...b.L] };
  };
  for (const action of actions) {
    if (action.kind === "REMOVE") delete item[action.path];
    else if (action.kind === "SET") {
      const left = termValue(action.left);
      if (action.op === undefined) item[action.path] = left;
      else {
        const right = termValue(action.right!);
        if (!("N" in left) || !("N" in right)) throw validation(field, "An operand in the update expression has an incorrect data type: + and - work on numbers (N).");
        item[action.path] = { N: String(action.op === "+" ? Number(left.N) + Number(right.N) : Number(left.N) - Number(right.N)) };
      }
    } else {
      const value = operandValue(action.value, old)!;
      const current = old[action.path];
      if ("N" in value && (current === undefined || "N" in current)) item[action.path] = { N: String(Number(current && "N" in current ? current.N : 0) + Number(value.N)) };
      else if ("SS" in value && (current === undefined || "SS" in current)) item[action.path] = { SS: [...new Set([...(current && "SS" in current ? current.SS : []), ...value.SS])] };
      else if ("NS" in value && (current === undefined || "NS" in current)) item[action.path] = { NS: [...new Set([...(current && "NS" in current ? current.NS : []), ...value.NS])] };
      else throw validation(field, `An operand in the update expression has an incorrect data type: ADD works on a number or a set (attribute ${action.path}).`);
    }
  }
  return item;
}
