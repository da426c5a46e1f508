import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import { printedAfter } from "../../support/function-logs.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
// Sets CORS headers of its own, which API Gateway ignores once the API has a CORS configuration.
const HANDLER = `exports.handler = async (event) => {
  console.log("CALLED " + event.requestContext.http.method);
  return { statusCode: 200, headers: { "content-type": "application/json", "access-control-allow-origin": "*", "x-total": "3" }, body: JSON.stringify({ ok: true }) };
};`;
const APP = "https://app.example.com";

describe("CORS for HTTP APIs", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let ApiId: string;
  let endpoint: string;
  const calls = () => printedAfter(cloud, "items", "CALLED ");
  const preflight = (origin: string, method = "PUT", headers = "content-type") =>
    fetch(`${endpoint}/items`, { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers } });
  const corsHeaders = (response: Response) => Object.fromEntries([...response.headers].filter(([name]) => name.startsWith("access-control-")));

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({ FunctionName: "items", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: HANDLER } });
    const api = await cloud.apiGatewayV2.createApi({
      Name: "shop",
      ProtocolType: "HTTP",
      Target: fnArn("items"),
      CorsConfiguration: { AllowOrigins: [APP], AllowMethods: ["GET", "PUT"], AllowHeaders: ["content-type", "authorization"], ExposeHeaders: ["x-total"], MaxAge: 300, AllowCredentials: true },
    });
    ({ ApiId, ApiEndpoint: endpoint } = api);
    expect(api.CorsConfiguration).toMatchObject({ AllowOrigins: [APP], MaxAge: 300 });
  });
  afterAll(async () => cloud?.shutdown());

  it("answers a preflight itself, without invoking the function", async () => {
    const response = await preflight(APP);
    expect(response.status).toBe(204);
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-allow-methods": "GET,PUT",
      "access-control-allow-headers": "content-type,authorization",
      "access-control-max-age": "300",
      "access-control-allow-credentials": "true",
    });
    expect(response.headers.get("apigw-requestid")).toMatch(/=$/);
    const stranger = await preflight("https://evil.example.net");
    expect([stranger.status, corsHeaders(stranger)]).toEqual([204, {}]);
    expect(calls()).toEqual([]);
  });

  it("adds its CORS headers to the function's answer for an allowed origin, and drops the function's own", async () => {
    const allowed = await fetch(`${endpoint}/items`, { headers: { Origin: APP } });
    expect(await allowed.json()).toEqual({ ok: true });
    expect(corsHeaders(allowed)).toEqual({ "access-control-allow-origin": APP, "access-control-allow-credentials": "true", "access-control-expose-headers": "x-total" });
    const other = await fetch(`${endpoint}/items`, { headers: { Origin: "https://evil.example.net" } });
    expect([other.status, corsHeaders(other)]).toEqual([200, {}]);
    // An OPTIONS request that is not a preflight (no Access-Control-Request-Method) goes to the route.
    await fetch(`${endpoint}/items`, { method: "OPTIONS", headers: { Origin: APP } });
    expect(calls()).toEqual(["GET", "GET", "OPTIONS"]);
  });

  it("takes a new configuration at once, and leaves preflights to the routes once it is deleted", async () => {
    await cloud.apiGatewayV2.updateApi({ ApiId, CorsConfiguration: { AllowOrigins: ["*"], AllowMethods: ["*"] } });
    const any = await preflight("https://anyone.example.org", "DELETE");
    expect(corsHeaders(any)).toEqual({ "access-control-allow-origin": "*", "access-control-allow-methods": "*" });
    await cloud.apiGatewayV2.deleteCorsConfiguration({ ApiId });
    expect((await cloud.apiGatewayV2.getApi({ ApiId })).CorsConfiguration).toBeUndefined();
    const routed = await preflight(APP);
    expect(routed.status).toBe(200);
    expect(corsHeaders(routed)).toEqual({ "access-control-allow-origin": "*" });
    expect(calls().at(-1)).toBe("OPTIONS");
  });

  it("refuses configurations API Gateway refuses, naming the field", async () => {
    const refused = (CorsConfiguration: unknown) => cloud.apiGatewayV2.createApi({ Name: "bad", ProtocolType: "HTTP", CorsConfiguration: CorsConfiguration as never });
    await expect(refused({ AllowOrigins: ["*"], AllowCredentials: true })).rejects.toMatchObject({
      name: "BadRequestException",
      field: "CorsConfiguration.AllowCredentials",
      message: expect.stringContaining("allow-credentials is not supported if 'allow-origin' is *"),
    });
    await expect(refused({ MaxAge: 86_401 })).rejects.toMatchObject({ field: "CorsConfiguration.MaxAge" });
    await expect(refused({ AllowMethods: ["FETCH"] })).rejects.toMatchObject({ field: "CorsConfiguration.AllowMethods" });
    await expect(refused({ AllowOrigins: ["app.example.com"] })).rejects.toMatchObject({ field: "CorsConfiguration.AllowOrigins", message: expect.stringContaining("scheme and host") });
    await expect(refused({ AllowOrigin: [APP] })).rejects.toMatchObject({ field: "CorsConfiguration.AllowOrigin" });
    await expect(cloud.apiGatewayV2.updateApi({ ApiId, CorsConfiguration: { AllowOrigins: ["*"], AllowCredentials: true } })).rejects.toMatchObject({ name: "BadRequestException" });
    expect((await cloud.apiGatewayV2.getApis()).Items.map((a) => a.Name)).toEqual(["shop"]);
  });
});
