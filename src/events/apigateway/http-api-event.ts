import { ACCOUNT_ID } from "../../core/arn.js";
import type { HttpResponse } from "../http/http-request.js";
import { answerBody, answerHeaders, answerStatus, asResponseObject, parseAnswer } from "../http/proxy-answer.js";
import { apiDomainName, decodedQuery, gatewayHeaders, requestTime, type HttpApiRequest } from "./http-api-request.js";

/**
 * The event a function behind an HTTP API receives, in payload format 2.0: headers lowercased with
 * repeated ones joined by commas, cookies apart, query and path parameters only when there are some,
 * and a body base64-encoded unless it is text.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpApiEvent(r: HttpApiRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of gatewayHeaders(r)) {
    if (name === "cookie") cookies.push(...values.flatMap((v) => v.split(";")).map((c) => c.trim()).filter(Boolean));
    else headers[name] = values.join(",");
  }
  const query = Object.fromEntries([...decodedQuery(r.rawQueryString)].map(([name, values]) => [name, values.join(",")]));
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
      domainName: apiDomainName(r.apiId),
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
  const parsed = parseAnswer(payload);
  if (parsed === undefined) return undefined;
  const r = asResponseObject(parsed.value);
  if (r === undefined || !("statusCode" in r)) {
    const text = typeof parsed.value === "string" ? parsed.value : payload;
    return { status: 200, headers: { "content-type": "application/json" }, body: Buffer.from(text) };
  }
  const status = answerStatus(r);
  const body = answerBody(r);
  const given = answerHeaders(r.headers, false);
  if (status === undefined || body === undefined || given === undefined) return undefined;
  const headers: Record<string, string | string[]> = Object.fromEntries([...given].map(([name, [value]]) => [name, value!]));
  if (r.cookies !== undefined) {
    if (!Array.isArray(r.cookies) || !r.cookies.every((c) => typeof c === "string")) return undefined;
    if (r.cookies.length > 0) headers["set-cookie"] = r.cookies;
  }
  headers["content-type"] ??= "text/plain; charset=utf-8";
  return { status, headers, body };
}
