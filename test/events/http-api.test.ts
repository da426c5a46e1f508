import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { http } from "../support/http.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const FUNCTIONS: Record<string, string> = {
  // Answers with the event it received, so the tests can look at it.
  echo: 'exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });',
  shaped: `exports.handler = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.kind === "object") return { hello: "world" };
  if (q.kind === "string") return "just text";
  if (q.kind === "binary") return { statusCode: 201, headers: { "content-type": "image/png", "x-count": 3 }, isBase64Encoded: true, body: Buffer.from([137, 80, 78, 71]).toString("base64"),
    cookies: ["a=1; Path=/", "b=2"], multiValueHeaders: { "x-ignored": ["1", "2"] } };
  if (q.kind === "bare") return { statusCode: 204 };
  if (q.kind === "malformed") return { statusCode: "lots" };
  if (q.kind === "throw") throw new Error("broken on purpose");
  if (q.kind === "slow") { await new Promise((r) => setTimeout(r, 2500)); return "late"; }
  return { statusCode: 200, body: "default" };
};`,
};

describe("API Gateway HTTP APIs", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let quick: string;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    for (const [name, source] of Object.entries(FUNCTIONS)) {
      await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: source } });
    }
    quick = (await cloud.apiGatewayV2.createApi({ Name: "quick", ProtocolType: "HTTP", Target: fnArn("echo") })).ApiEndpoint;
  });
  afterAll(async () => cloud?.shutdown());

  it("quick-creates an API that serves on 127.0.0.1 with a $default route and stage", async () => {
    expect(quick).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await http(`${quick}/anything/at/all?x=1`);
    expect(answer.status).toBe(200);
    expect(answer.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    const event = answer.json<APIGatewayProxyEventV2>();
    expect(event).toMatchObject({ version: "2.0", routeKey: "$default", rawPath: "/anything/at/all", rawQueryString: "x=1", queryStringParameters: { x: "1" } });
    expect(event.requestContext).toMatchObject({ stage: "$default", routeKey: "$default", requestId: answer.headers["apigw-requestid"], http: { method: "GET", path: "/anything/at/all" } });
    expect(event.pathParameters).toBeUndefined();
  });

  it("builds the 2.0 event: lowercased headers joined by commas, cookies apart, decoded query and path parameters, base64 binary bodies", async () => {
    const { ApiId, ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "items", ProtocolType: "HTTP" });
    const { IntegrationId } = await cloud.apiGatewayV2.createIntegration({ ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fnArn("echo"), PayloadFormatVersion: "2.0" });
    for (const RouteKey of ["GET /items/{id}", "GET /items/special", "ANY /files/{path+}", "POST /items"]) {
      await cloud.apiGatewayV2.createRoute({ ApiId, RouteKey, Target: `integrations/${IntegrationId}` });
    }
    await cloud.apiGatewayV2.createStage({ ApiId, StageName: "$default" });
    const get = (path: string, init: Parameters<typeof http>[1] = {}) => http(`${ApiEndpoint}${path}`, init).then((a) => a.json<APIGatewayProxyEventV2>());

    const one = await get("/items/caf%C3%A9?tag=a&tag=b&q=hello%20world", { headers: { "X-Multi": ["1", "2"], Cookie: "session=abc; theme=dark", "User-Agent": "tests/1.0" } });
    expect(one).toMatchObject({
      routeKey: "GET /items/{id}",
      rawPath: "/items/caf%C3%A9",
      rawQueryString: "tag=a&tag=b&q=hello%20world",
      cookies: ["session=abc", "theme=dark"],
      queryStringParameters: { tag: "a,b", q: "hello world" },
      pathParameters: { id: "café" },
      isBase64Encoded: false,
    });
    expect(one.headers).toMatchObject({ "x-multi": "1,2", "user-agent": "tests/1.0", "x-forwarded-proto": "http" });
    expect(one.headers["cookie"]).toBeUndefined();
    expect(one.headers["connection"]).toBeUndefined();
    expect(one.requestContext).toMatchObject({ apiId: ApiId, accountId: "123456789012", http: { sourceIp: "127.0.0.1", userAgent: "tests/1.0", protocol: "HTTP/1.1" } });

    expect((await get("/items/special")).routeKey).toBe("GET /items/special");
    expect(await get("/files/a/b/c.txt", { method: "DELETE" })).toMatchObject({ routeKey: "ANY /files/{path+}", pathParameters: { path: "a/b/c.txt" } });
    const json = await get("/items", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"pen"}' });
    expect(json).toMatchObject({ routeKey: "POST /items", body: '{"name":"pen"}', isBase64Encoded: false });
    const binary = await get("/items", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.from([0, 255, 1]) });
    expect(binary).toMatchObject({ body: "AP8B", isBase64Encoded: true });

    const missing = await http(`${ApiEndpoint}/nothing/here`);
    expect([missing.status, missing.json(), missing.headers["content-type"]]).toEqual([404, { message: "Not Found" }, "application/json"]);
    expect((await http(`${ApiEndpoint}/items`, { method: "PUT" })).status).toBe(404);
  });

  it("maps the function's answer to the HTTP response, with the shortcut for plain values", async () => {
    const { ApiId, ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "shapes", ProtocolType: "HTTP", Target: fnArn("shaped"), RouteKey: "GET /shape" });
    expect((await cloud.apiGatewayV2.getRoutes({ ApiId })).Items.map((r) => r.RouteKey)).toEqual(["GET /shape"]);
    const at = (kind: string) => http(`${ApiEndpoint}/shape?kind=${kind}`);

    const object = await at("object");
    expect([object.status, object.headers["content-type"], object.json()]).toEqual([200, "application/json", { hello: "world" }]);
    const text = await at("string");
    expect([text.status, text.headers["content-type"], text.text]).toEqual([200, "application/json", "just text"]);
    const binary = await at("binary");
    expect(binary.status).toBe(201);
    expect([...binary.body]).toEqual([137, 80, 78, 71]);
    expect(binary.headers).toMatchObject({ "content-type": "image/png", "x-count": "3", "set-cookie": ["a=1; Path=/", "b=2"] });
    expect(binary.headers["x-ignored"]).toBeUndefined();
    const bare = await at("bare");
    expect([bare.status, bare.text]).toEqual([204, ""]);
    const plain = await at("default");
    expect([plain.status, plain.headers["content-type"], plain.text]).toEqual([200, "text/plain; charset=utf-8", "default"]);
  });

  it("answers as API Gateway does when the function fails, answers badly, is throttled or is too slow", async () => {
    const { ApiId, ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "failures", ProtocolType: "HTTP" });
    const { IntegrationId } = await cloud.apiGatewayV2.createIntegration({ ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fnArn("shaped"), TimeoutInMillis: 1000 });
    await cloud.apiGatewayV2.createRoute({ ApiId, RouteKey: "$default", Target: `integrations/${IntegrationId}` });
    await cloud.apiGatewayV2.createStage({ ApiId, StageName: "$default" });
    const at = (kind: string) => http(`${ApiEndpoint}/?kind=${kind}`).then((a) => [a.status, a.json()]);

    expect(await at("throw")).toEqual([500, { message: "Internal Server Error" }]);
    expect(await at("malformed")).toEqual([500, { message: "Internal Server Error" }]);
    expect(await at("slow")).toEqual([503, { message: "Service Unavailable" }]);
    const big = await http(`${ApiEndpoint}/`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 97) });
    expect([big.status, big.json()]).toEqual([413, { message: "Request Entity Too Large" }]);
    await cloud.lambda.putFunctionConcurrency({ FunctionName: "shaped", ReservedConcurrentExecutions: 0 });
    expect(await at("object")).toEqual([503, { message: "Service Unavailable" }]);
    await cloud.lambda.putFunctionConcurrency({ FunctionName: "shaped", ReservedConcurrentExecutions: 10 });
    expect(await at("object")).toEqual([200, { hello: "world" }]);
  });

  it("serves named stages under their name, with stage variables and the stage's throttle", async () => {
    const { ApiId, ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "staged", ProtocolType: "HTTP" });
    const { IntegrationId } = await cloud.apiGatewayV2.createIntegration({ ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fnArn("echo") });
    await cloud.apiGatewayV2.createRoute({ ApiId, RouteKey: "GET /items/{id}", Target: `integrations/${IntegrationId}` });
    await cloud.apiGatewayV2.createStage({ ApiId, StageName: "prod", StageVariables: { table: "items-prod" }, DefaultRouteSettings: { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 0 } });
    expect((await http(`${ApiEndpoint}/items/1`)).status).toBe(404);
    const event = (await http(`${ApiEndpoint}/prod/items/7`)).json<APIGatewayProxyEventV2>();
    expect(event).toMatchObject({ rawPath: "/prod/items/7", routeKey: "GET /items/{id}", pathParameters: { id: "7" }, stageVariables: { table: "items-prod" } });
    expect(event.requestContext.stage).toBe("prod");
    expect((await http(`${ApiEndpoint}/prod/items/8`)).status).toBe(200);
    const throttled = await http(`${ApiEndpoint}/prod/items/9`);
    expect([throttled.status, throttled.json()]).toEqual([429, { message: "Too Many Requests" }]);
  });

  it("refuses bad route keys and settings with API Gateway's errors, and keeps serving", async () => {
    const { ApiId } = await cloud.apiGatewayV2.createApi({ Name: "strict", ProtocolType: "HTTP" });
    for (const [RouteKey, why] of [
      ["GET items", 'start with "/"'],
      ["FETCH /items", "method must be one of"],
      ["GET /a/{rest+}/b", "must be the last segment"],
      ["GET /a//b", "empty segment"],
      ["GET /a/{id}/{id}", "appears twice"],
      ["GET /a/x{id}", "whole {variable}"],
      ["GET  /a", "one space"],
    ] as const) {
      await expect(cloud.apiGatewayV2.createRoute({ ApiId, RouteKey })).rejects.toMatchObject({ name: "BadRequestException", field: "RouteKey", message: expect.stringContaining(why) });
    }
    await cloud.apiGatewayV2.createRoute({ ApiId, RouteKey: "GET /a" });
    await expect(cloud.apiGatewayV2.createRoute({ ApiId, RouteKey: "GET /a" })).rejects.toMatchObject({ name: "ConflictException" });
    await expect(cloud.apiGatewayV2.createRoute({ ApiId, RouteKey: "GET /b", Target: "integrations/nope" })).rejects.toMatchObject({ field: "Target" });
    await expect(cloud.apiGatewayV2.createIntegration({ ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: "arn:aws:s3:::bucket" })).rejects.toMatchObject({ field: "IntegrationUri" });
    await expect(cloud.apiGatewayV2.createIntegration({ ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fnArn("echo"), TimeoutInMillis: 31_000 })).rejects.toMatchObject({
      field: "TimeoutInMillis",
    });
    await expect(cloud.apiGatewayV2.createApi({ Name: "bad", ProtocolType: "HTTP", Target: fnArn("echo"), RouteKey: "GET nowhere" })).rejects.toMatchObject({ field: "RouteKey" });
    await expect(cloud.apiGatewayV2.getRoutes({ ApiId: "nope" })).rejects.toMatchObject({ name: "NotFoundException", statusCode: 404 });
    expect((await cloud.apiGatewayV2.getApis()).Items.map((a) => a.Name)).not.toContain("bad");
    expect((await http(`${quick}/still-up`)).status).toBe(200);
  });

  it("serves on the port asked for, refuses one in use, and stops serving when the API is deleted", async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as AddressInfo).port)));
    await expect(cloud.apiGatewayV2.createApi({ Name: "taken", ProtocolType: "HTTP", Port: port })).rejects.toMatchObject({ name: "BadRequestException", field: "Port" });
    await new Promise((resolve) => probe.close(resolve));
    const { ApiId, ApiEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "fixed", ProtocolType: "HTTP", Target: fnArn("echo"), Port: port });
    expect(ApiEndpoint).toBe(`http://127.0.0.1:${port}`);
    expect((await http(`${ApiEndpoint}/`)).status).toBe(200);
    await cloud.apiGatewayV2.deleteApi({ ApiId });
    await expect(http(`${ApiEndpoint}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
