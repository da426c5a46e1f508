import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { APIGatewayProxyEvent, APIGatewayProxyHandler, APIGatewayProxyResult } from "aws-lambda";
import { shape } from "../../support/event-samples.js";
import { http } from "../../support/http.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

// Written for a REST API, as a learner would: typed with @types/aws-lambda's 1.0 types.
const echo: APIGatewayProxyHandler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
const answers: APIGatewayProxyHandler = async (event) => {
  const kind = event.queryStringParameters?.["kind"];
  if (kind === "plain") return { hello: "world" } as unknown as APIGatewayProxyResult;
  if (kind === "text") return "just text" as unknown as APIGatewayProxyResult;
  if (kind === "bad-headers") return { statusCode: 200, headers: { "x-list": ["a", "b"] } } as unknown as APIGatewayProxyResult;
  if (kind === "multi") {
    return {
      statusCode: 201,
      headers: { "X-Single": "one", "x-both": "h" },
      multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"], "x-both": ["m1", "m2"] },
      body: Buffer.from([1, 2, 3]).toString("base64"),
      isBase64Encoded: true,
    };
  }
  return { statusCode: 202, body: "accepted" };
};

describe("HTTP API integrations with payload format 1.0", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let endpoint: string;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    for (const [name, handler] of [["echo", echo], ["answers", answers]] as const) {
      await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: `exports.handler = ${handler.toString()};` } });
    }
    const { ApiId, ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "rest-style", ProtocolType: "HTTP" });
    endpoint = ApiEndpoint;
    for (const [fn, RouteKey] of [["echo", "GET /items/{id}"], ["echo", "$default"], ["answers", "GET /answers"]] as const) {
      const { IntegrationId } = await cloud.apiGatewayV2.createIntegration({ ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fnArn(fn), PayloadFormatVersion: "1.0" });
      await cloud.apiGatewayV2.createRoute({ ApiId, RouteKey, Target: `integrations/${IntegrationId}` });
    }
    await cloud.apiGatewayV2.createStage({ ApiId, StageName: "$default" });
  });
  afterAll(async () => cloud?.shutdown());

  it("sends the REST-style event: every header and query parameter in both forms, nulls for what is absent", async () => {
    const answer = await http(`${endpoint}/items/caf%C3%A9?tag=a&tag=b&q=hello%20world`, { headers: { "X-Multi": ["1", "2"], "User-Agent": "tests/1.0", Cookie: "session=abc" } });
    const event = answer.json<APIGatewayProxyEvent & { version: string }>();
    expect(event).toMatchObject({
      version: "1.0",
      resource: "/items/{id}",
      path: "/items/caf%C3%A9",
      httpMethod: "GET",
      pathParameters: { id: "café" },
      queryStringParameters: { tag: "b", q: "hello world" },
      multiValueQueryStringParameters: { tag: ["a", "b"], q: ["hello world"] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ "x-multi": "2", "user-agent": "tests/1.0", cookie: "session=abc", "x-forwarded-proto": "http" });
    expect(event.multiValueHeaders["x-multi"]).toEqual(["1", "2"]);
    expect(event.requestContext).toMatchObject({
      httpMethod: "GET",
      path: "/items/caf%C3%A9",
      resourceId: "GET /items/{id}",
      resourcePath: "/items/{id}",
      stage: "$default",
      requestId: answer.headers["apigw-requestid"],
      extendedRequestId: answer.headers["apigw-requestid"],
      identity: { sourceIp: "127.0.0.1", userAgent: "tests/1.0", user: null },
    });
    expect(event.requestContext.requestTimeEpoch).toBeCloseTo(Date.now(), -4);

    const fallback = (await http(`${endpoint}/anything`)).json<APIGatewayProxyEvent>();
    expect(fallback).toMatchObject({ resource: "$default", queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null });
    expect(fallback.requestContext).toMatchObject({ resourceId: "$default", resourcePath: "$default" });
  });

  it("has the structure of AWS's documented 1.0 event", async () => {
    const ours = (
      await http(`${endpoint}/my/path?parameter1=value1&parameter1=value2&parameter2=value`, { method: "POST", headers: { "content-type": "text/plain", "user-agent": "curl/8", header2: ["value1", "value2"] }, body: "Hello from Lambda!" })
    ).json<APIGatewayProxyEvent>();
    // AWS's example, from https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html,
    // less requestContext.authorizer (a JWT authorizer's claims; this API has none) and identity.clientCert (mutual TLS).
    const documented = JSON.parse(readFileSync(new URL("../../fixtures/events/http-api-v1-documented.json", import.meta.url), "utf8"));
    // A route's resourceId is a string (the example leaves it null); the headers differ by name, not by kind.
    const normalize = (e: any) => ({ ...e, headers: {}, multiValueHeaders: {}, requestContext: { ...e.requestContext, resourceId: "r" } });
    expect(shape(normalize(ours))).toEqual(shape(normalize(documented)));
    expect(ours.multiValueHeaders["header2"]).toEqual(["value1", "value2"]);
  });

  it("takes only responses with a statusCode: a plain value is a 500, as are headers that are not strings", async () => {
    const at = (kind: string) => http(`${endpoint}/answers?kind=${kind}`);
    for (const kind of ["plain", "text", "bad-headers"]) {
      const failed = await at(kind);
      expect([kind, failed.status, failed.json()]).toEqual([kind, 500, { message: "Internal Server Error" }]);
    }
    const multi = await at("multi");
    expect(multi.status).toBe(201);
    expect([...multi.body]).toEqual([1, 2, 3]);
    expect(multi.headers).toMatchObject({ "x-single": "one", "set-cookie": ["a=1", "b=2"], "x-both": "m1, m2, h", "content-type": "text/plain; charset=utf-8" });
    const plain = await at("default");
    expect([plain.status, plain.text]).toEqual([202, "accepted"]);
  });
});
