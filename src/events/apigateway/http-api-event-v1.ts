import { ACCOUNT_ID } from "../../core/arn.js";
import type { HttpResponse } from "../http/http-request.js";
import { answerBody, answerHeaders, answerStatus, asResponseObject, parseAnswer } from "../http/proxy-answer.js";
import { apiDomainName, decodedQuery, gatewayHeaders, requestTime, type HttpApiRequest } from "./http-api-request.js";

// Payload format 1.0 is the REST API's proxy event, kept for functions written for REST APIs: every header
// and query parameter twice, once with its last value and once with all of them; nulls where there is
// nothing; the route's path template as `resource`; and a response that must say its statusCode.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html

/** What the 1.0 event needs beside the request: the route's path template (`$default` for the default route). */
export interface V1Route {
  resource: string;
}

/** The single-value and multi-value forms of a name → values map, or nulls when it is empty. */
function twoForms(values: Map<string, string[]>): [Record<string, string> | null, Record<string, string[]> | null] {
  if (values.size === 0) return [null, null];
  // The single-value form holds each name's last value, as REST APIs do.
  return [Object.fromEntries([...values].map(([name, all]) => [name, all[all.length - 1]!])), Object.fromEntries(values)];
}

/**
 * The event a function behind an HTTP API receives with payload format 1.0 (`APIGatewayProxyEvent` in
 * @types/aws-lambda): headers (names lowercased, as AWS's example shows them) and query parameters (decoded)
 * in both forms, path parameters and stage variables or null, the body or null, and a requestContext of
 * format 1.0 with the caller's identity (every field null but sourceIp and userAgent without an authorizer).
 */
export function httpApiEventV1(r: HttpApiRequest, route: V1Route): Record<string, unknown> {
  const [headers, multiValueHeaders] = twoForms(gatewayHeaders(r));
  const [queryStringParameters, multiValueQueryStringParameters] = twoForms(decodedQuery(r.rawQueryString));
  const nothingOr = (map: Record<string, string>) => (Object.keys(map).length > 0 ? map : null);
  const userAgent = r.headers.get("user-agent")?.at(-1) ?? null;
  return {
    version: "1.0",
    resource: route.resource,
    path: r.rawPath,
    httpMethod: r.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: r.apiId,
      domainName: apiDomainName(r.apiId),
      domainPrefix: r.apiId,
      extendedRequestId: r.requestId,
      httpMethod: r.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: r.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      path: r.rawPath,
      protocol: "HTTP/1.1",
      requestId: r.requestId,
      requestTime: requestTime(r.time),
      requestTimeEpoch: Math.floor(r.time),
      resourceId: r.routeKey,
      resourcePath: route.resource,
      stage: r.stage,
    },
    pathParameters: nothingOr(r.pathParameters),
    stageVariables: nothingOr(r.stageVariables),
    body: r.body.length === 0 ? null : r.bodyIsText ? r.body.toString("utf8") : r.body.toString("base64"),
    isBase64Encoded: r.body.length > 0 && !r.bodyIsText,
  };
}

/**
 * Maps a function's answer to the HTTP response, as payload format 1.0 does: it must be an object with a
 * statusCode — there is no shortcut for plain values — with optional headers and multiValueHeaders
 * (merged: a name in both gets its multiValueHeaders values, then its headers value if not among them),
 * body and isBase64Encoded. Undefined when the answer is not such an object (API Gateway then answers 500).
 */
export function httpApiResponseV1(payload: string): HttpResponse | undefined {
  const parsed = parseAnswer(payload);
  const r = parsed && asResponseObject(parsed.value);
  if (r === undefined) return undefined;
  const status = answerStatus(r);
  const body = answerBody(r);
  const merged = answerHeaders(r.multiValueHeaders, true);
  const single = answerHeaders(r.headers, false);
  if (status === undefined || body === undefined || merged === undefined || single === undefined) return undefined;
  for (const [name, [value]] of single) {
    const values = merged.get(name) ?? [];
    if (!values.includes(value!)) merged.set(name, [...values, value!]);
  }
  const headers: Record<string, string | string[]> = Object.fromEntries([...merged].map(([name, values]) => [name, values.length === 1 ? values[0]! : values]));
  // Like 2.0, an HTTP API says text/plain when the function names no content type (a REST API says application/json).
  headers["content-type"] ??= "text/plain; charset=utf-8";
  return { status, headers, body };
}
