import { randomBytes } from "node:crypto";
import { ACCOUNT_ID, region } from "../../core/arn.js";
import { traceId, type HttpResponse } from "../http/http-request.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A request time as API Gateway writes it in requestContext.time: `21/Apr/2020:15:08:21 +0000`. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** An HTTP API request id: 16 characters of URL-safe base64 ending in "=" (e.g. `LV7fzho-PHcEJPw=`). */
export function httpApiRequestId(): string {
  return randomBytes(11).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** What the event is made of: the request as it arrived and where it was routed. */
export interface HttpApiRequest {
  method: string;
  /** The path as sent (not decoded), stage prefix included. */
  rawPath: string;
  rawQueryString: string;
  /** Lowercased names, every value, hop-by-hop headers removed. */
  headers: Map<string, string[]>;
  body: Buffer;
  bodyIsText: boolean;
  sourceIp: string;
  /** The port the request came in on. */
  port: number;
  apiId: string;
  routeKey: string;
  stage: string;
  stageVariables: Record<string, string>;
  pathParameters: Record<string, string>;
  requestId: string;
  /** Epoch ms. */
  time: number;
}

/** Query parameters as payload 2.0 gives them: decoded, repeated names joined with commas. */
function queryParameters(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of raw === "" ? [] : raw.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [name, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const key = decode(name);
    out[key] = key in out ? `${out[key]},${decode(value)}` : decode(value);
  }
  return out;
}

/**
 * The event a function behind an HTTP API receives, in payload format 2.0: headers lowercased with
 * repeated ones joined by commas, cookies apart, query and path parameters only when there are some,
 * and a body base64-encoded unless it is text.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpApiEvent(r: HttpApiRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of r.headers) {
    if (name === "cookie") cookies.push(...values.flatMap((v) => v.split(";")).map((c) => c.trim()).filter(Boolean));
    else headers[name] = values.join(",");
  }
  headers["content-length"] = String(r.body.length);
  headers["x-amzn-trace-id"] ??= traceId(r.time);
  headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${headers["x-forwarded-for"]},${r.sourceIp}` : r.sourceIp;
  headers["x-forwarded-port"] = String(r.port);
  headers["x-forwarded-proto"] = "http";
  const query = queryParameters(r.rawQueryString);
  return {
    version: "2.0",
    routeKey: r.routeKey,
    rawPath: r.rawPath,
    rawQueryString: r.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(r.pathParameters).length > 0 ? { pathParameters: r.pathParameters } : {}),
    ...(Object.keys(r.stageVariables).length > 0 ? { stageVariables: r.stageVariables } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: r.apiId,
      // The API's default domain name on AWS; the Host header says where minicloud serves it.
      domainName: `${r.apiId}.execute-api.${region()}.amazonaws.com`,
      domainPrefix: r.apiId,
      http: { method: r.method, path: r.rawPath, protocol: "HTTP/1.1", sourceIp: r.sourceIp, userAgent: headers["user-agent"] ?? "" },
      requestId: r.requestId,
      routeKey: r.routeKey,
      stage: r.stage,
      time: requestTime(r.time),
      timeEpoch: Math.floor(r.time),
    },
    ...(r.body.length > 0 ? { body: r.bodyIsText ? r.body.toString("utf8") : r.body.toString("base64") } : {}),
    isBase64Encoded: r.body.length > 0 && !r.bodyIsText,
  };
}

/**
 * Maps a function's answer to the HTTP response, as payload format 2.0 does: an object with a
 * statusCode is a response (headers, cookies → Set-Cookie, body, isBase64Encoded; multiValueHeaders
 * are not part of 2.0 and are ignored); any other JSON is the body of a 200 with content-type
 * application/json (a string as its text). Undefined when the answer cannot be a response (API Gateway
 * then answers 500).
 */
export function httpApiResponse(payload: string): HttpResponse | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (answer === null || typeof answer !== "object" || Array.isArray(answer) || !("statusCode" in answer)) {
    const text = typeof answer === "string" ? answer : payload;
    return { status: 200, headers: { "content-type": "application/json" }, body: Buffer.from(text) };
  }
  const r = answer as { statusCode: unknown; headers?: unknown; cookies?: unknown; body?: unknown; isBase64Encoded?: unknown };
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== "string") return undefined;
  const headers: Record<string, string | string[]> = {};
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== "object") return undefined;
    for (const [name, value] of Object.entries(r.headers)) {
      if (!["string", "number", "boolean"].includes(typeof value)) return undefined;
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (r.cookies !== undefined) {
    if (!Array.isArray(r.cookies) || !r.cookies.every((c) => typeof c === "string")) return undefined;
    if (r.cookies.length > 0) headers["set-cookie"] = r.cookies;
  }
  headers["content-type"] ??= "text/plain; charset=utf-8";
  const body = typeof r.body === "string" ? Buffer.from(r.body, r.isBase64Encoded === true ? "base64" : "utf8") : Buffer.alloc(0);
  return { status, headers, body };
}
