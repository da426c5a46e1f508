import type { HttpResponse } from "../http/http-request.js";
import { answerBody, answerStatus, asResponseObject, parseAnswer } from "../http/proxy-answer.js";

/** The Lambda response JSON a load balancer takes: at most 1 MB. */
export const MAX_ALB_RESPONSE_BYTES = 1024 * 1024;

/** What an ALB event is made of. */
export interface AlbRequest {
  targetGroupArn: string;
  method: string;
  /** The path as sent (ALB does not decode it). */
  path: string;
  rawQueryString: string;
  /** Lowercased names, every value in order (ALB forwards connection headers too). */
  headers: Map<string, string[]>;
  body: Buffer;
  bodyIsText: boolean;
  /** The target group's `lambda.multi_value_headers.enabled`. */
  multiValue: boolean;
}

/** Query parameters as ALB passes them: not decoded, each name with all its values in order. */
function queryValues(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of raw === "" ? [] : raw.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [name, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/**
 * The event a Lambda target receives from an Application Load Balancer: headers lowercased and query
 * parameters as sent (URL-encoded), the last value of each unless multi-value headers are enabled — then
 * `multiValueHeaders` and `multiValueQueryStringParameters` carry every value instead.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#receive-event-from-load-balancer
 */
export function albEvent(r: AlbRequest): Record<string, unknown> {
  const query = queryValues(r.rawQueryString);
  const pick = (map: Map<string, string[]>) =>
    r.multiValue ? Object.fromEntries(map) : Object.fromEntries([...map].map(([name, values]) => [name, values[values.length - 1]!]));
  return {
    requestContext: { elb: { targetGroupArn: r.targetGroupArn } },
    httpMethod: r.method,
    path: r.path,
    [r.multiValue ? "multiValueQueryStringParameters" : "queryStringParameters"]: pick(query),
    [r.multiValue ? "multiValueHeaders" : "headers"]: pick(r.headers),
    body: r.bodyIsText ? r.body.toString("utf8") : r.body.toString("base64"),
    isBase64Encoded: !r.bodyIsText,
  };
}

/**
 * Maps a Lambda target's answer to the HTTP response: statusCode (required), statusDescription ("200 OK")
 * as the reason phrase, headers — or multiValueHeaders when the target group has them enabled — body and
 * isBase64Encoded. Undefined when the answer is not such an object or is over 1 MB (the load balancer
 * then answers 502).
 */
export function albResponse(payload: string, multiValue: boolean): (HttpResponse & { statusMessage?: string }) | undefined {
  if (Buffer.byteLength(payload) > MAX_ALB_RESPONSE_BYTES) return undefined;
  const parsed = parseAnswer(payload);
  const r = parsed && asResponseObject(parsed.value);
  const status = r && answerStatus(r);
  const body = r && answerBody(r);
  if (r === undefined || status === undefined || body === undefined) return undefined;
  const headers: Record<string, string | string[]> = {};
  const source = multiValue ? r.multiValueHeaders : r.headers;
  if (source !== undefined && source !== null) {
    if (typeof source !== "object") return undefined;
    for (const [name, value] of Object.entries(source)) {
      const values = multiValue ? (Array.isArray(value) ? value : [value]) : [value];
      if (!values.every((v) => ["string", "number", "boolean"].includes(typeof v))) return undefined;
      headers[name.toLowerCase()] = multiValue ? values.map(String) : String(values[0]);
    }
  }
  const description = typeof r.statusDescription === "string" ? r.statusDescription.replace(/^\d{3}\s*/, "") : undefined;
  return { status, headers, body, ...(description ? { statusMessage: description } : {}) };
}

/** A load balancer's own error page, as ALB sends it (HTML). */
export function albErrorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n</body>\r\n</html>\r\n`;
}
