import { MinicloudError } from "../../core/errors.js";

/** The methods a route key may name; ANY matches every method. */
const METHODS = new Set(["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/** One segment of a route's path: literal text, a `{name}` variable, or a greedy `{name+}` one. */
type Segment = { kind: "literal"; text: string } | { kind: "variable"; name: string } | { kind: "greedy"; name: string };

/** A parsed route key: `$default`, or a method and a path template. */
export type RouteKey = { kind: "default" } | { kind: "route"; method: string; segments: Segment[] };

function badKey(key: string, why: string): MinicloudError {
  return new MinicloudError("BadRequestException", `Invalid route key "${key}": ${why}`, { field: "RouteKey", statusCode: 400 });
}

/**
 * Parses a route key as API Gateway does: `$default`, or `METHOD /path` where the path's segments are
 * literals, `{name}` variables, or a last `{name+}` greedy variable.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export function parseRouteKey(key: unknown): RouteKey {
  if (key === "$default") return { kind: "default" };
  if (typeof key !== "string") throw badKey(String(key), 'a route key is "$default" or "METHOD /path", e.g. "GET /items/{id}".');
  const match = /^(\S+) (\S+)$/.exec(key);
  if (!match) throw badKey(key, 'write it as "METHOD /path" with one space, e.g. "GET /items/{id}", or "$default".');
  const [, method, path] = match as unknown as [string, string, string];
  if (!METHODS.has(method)) throw badKey(key, `the method must be one of ${[...METHODS].join(", ")} (in capitals); got ${method}.`);
  if (!path.startsWith("/")) throw badKey(key, `the path must start with "/"; got ${path}.`);
  if (path === "/") return { kind: "route", method, segments: [] };
  const parts = path.slice(1).split("/");
  const names = new Set<string>();
  const segments = parts.map((part, i): Segment => {
    if (part === "") throw badKey(key, "the path has an empty segment (a doubled or trailing /).");
    const variable = /^\{([a-zA-Z0-9._-]+)(\+?)\}$/.exec(part);
    if (!variable) {
      if (/[{}]/.test(part)) throw badKey(key, `segment "${part}" is neither literal text nor a whole {variable}.`);
      return { kind: "literal", text: part };
    }
    const [, name, greedy] = variable as unknown as [string, string, string];
    if (names.has(name)) throw badKey(key, `the path variable {${name}} appears twice.`);
    names.add(name);
    if (greedy && i !== parts.length - 1) throw badKey(key, `the greedy variable {${name}+} must be the last segment.`);
    return greedy ? { kind: "greedy", name } : { kind: "variable", name };
  });
  return { kind: "route", method, segments };
}

/** How well a path template fits: per segment 3 literal, 2 variable, 1 greedy; then the exact method over ANY. */
type Score = number[];

function better(a: Score, b: Score): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}

/** The path variables a template gives a request's segments (decoded), or undefined when it does not match. */
function matchSegments(segments: Segment[], parts: string[]): { params: Record<string, string>; score: Score } | undefined {
  const params: Record<string, string> = {};
  const score: Score = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === "greedy") {
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).join("/");
      score.push(1);
      return { params, score };
    }
    const part = parts[i];
    if (part === undefined || part === "") return undefined;
    if (segment.kind === "literal") {
      if (segment.text !== part) return undefined;
      score.push(3);
    } else {
      params[segment.name] = part;
      score.push(2);
    }
  }
  return parts.length === segments.length ? { params, score } : undefined;
}

/** Percent-decodes one path segment; a malformed escape is kept as it came. */
function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The route a request takes (`path` as sent, each segment decoded before matching): the most specific matching path (literal over variable over greedy,
 * segment by segment), the exact method before ANY, and `$default` when nothing else matches.
 */
export function selectRoute<R extends { key: RouteKey }>(routes: Iterable<R>, method: string, path: string): { route: R; pathParameters: Record<string, string> } | undefined {
  const parts = path === "/" ? [] : path.replace(/^\//, "").split("/").map(decodeSegment);
  let best: { route: R; pathParameters: Record<string, string>; score: Score } | undefined;
  let fallback: R | undefined;
  for (const route of routes) {
    const key = route.key;
    if (key.kind === "default") {
      fallback = route;
      continue;
    }
    if (key.method !== "ANY" && key.method !== method) continue;
    const matched = matchSegments(key.segments, parts);
    if (!matched) continue;
    const score = [...matched.score, key.method === "ANY" ? 0 : 1];
    if (!best || better(score, best.score)) best = { route, pathParameters: matched.params, score };
  }
  if (best) return { route: best.route, pathParameters: best.pathParameters };
  return fallback && { route: fallback, pathParameters: {} };
}
