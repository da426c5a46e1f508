import { randomBytes } from "node:crypto";
import { region } from "../../core/arn.js";
import { traceId } from "../http/http-request.js";

// What both payload formats of an HTTP API event are made from: the request as it arrived, where it was
// routed, and the headers API Gateway adds on its way to the function.

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

/** The query string's parameters, decoded, each name with all its values in order. */
export function decodedQuery(raw: string): Map<string, string[]> {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const out = new Map<string, string[]>();
  for (const pair of raw === "" ? [] : raw.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [name, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    const key = decode(name);
    out.set(key, [...(out.get(key) ?? []), decode(value)]);
  }
  return out;
}

/**
 * The request's headers (lowercased names, every value) with those API Gateway sets on the way to the
 * function: content-length, an X-Ray trace id unless the client sent one, and the x-forwarded-* trio
 * (the client's address appended to any x-forwarded-for it sent).
 */
export function gatewayHeaders(r: HttpApiRequest): Map<string, string[]> {
  const headers = new Map(r.headers);
  headers.set("content-length", [String(r.body.length)]);
  if (!headers.has("x-amzn-trace-id")) headers.set("x-amzn-trace-id", [traceId(r.time)]);
  const forwarded = headers.get("x-forwarded-for");
  headers.set("x-forwarded-for", [forwarded ? `${forwarded.join(",")},${r.sourceIp}` : r.sourceIp]);
  headers.set("x-forwarded-port", [String(r.port)]);
  headers.set("x-forwarded-proto", ["http"]);
  return headers;
}

/** The API's default domain name on AWS (the Host header says where minicloud serves it). */
export function apiDomainName(apiId: string): string {
  return `${apiId}.execute-api.${region()}.amazonaws.com`;
}

