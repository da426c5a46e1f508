import type { Item } from "./attribute-values.js";
import { Tokens, type ExpressionContext } from "./expressions.js";

/**
 * Parses a ProjectionExpression: the attributes to return, by name or #placeholder, separated by commas
 * (top-level attributes, as minicloud's expressions have no nested paths).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
 */
export function parseProjection(text: string, names: Record<string, string>): string[] {
  const context: ExpressionContext = { names, values: {}, field: "ProjectionExpression" };
  const tokens = new Tokens(text, context);
  const paths: string[] = [];
  do paths.push(tokens.path());
  while (tokens.take(","));
  if (!tokens.done()) throw tokens.error(`Syntax error; token: "${tokens.peek()}", expected ","`);
  return paths;
}

/** The item with only the projected attributes (all of them when there is no projection). */
export function projectItem(item: Item, paths: string[] | undefined): Item {
  if (paths === undefined) return item;
  return Object.fromEntries(paths.filter((p) => item[p] !== undefined).map((p) => [p, item[p]!]));
}
