import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { ALBEvent } from "aws-lambda";
import { http } from "../support/http.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const FUNCTIONS: Record<string, string> = {
  echo: 'exports.handler = async (event) => ({ statusCode: 200, statusDescription: "200 OK", headers: { "content-type": "application/json" }, body: JSON.stringify(event) });',
  cookies: `exports.handler = async (event) => ({ statusCode: 201, statusDescription: "201 Made It", isBase64Encoded: true, body: Buffer.from("made").toString("base64"),
    headers: { "x-single": "only-without-multi-value" }, multiValueHeaders: { "set-cookie": ["a=1", "b=2"], "x-seen": [JSON.stringify(event.multiValueQueryStringParameters)] } });`,
  faulty: `exports.handler = async (event) => {
  if (event.path === "/throw") throw new Error("broken");
  if (event.path === "/string") return "not a response";
  if (event.path === "/huge") return { statusCode: 200, body: "x".repeat(1024 * 1024) };
  return { statusCode: 200, body: "fine" };
};`,
};

describe("Application Load Balancer with Lambda targets", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let balancerArn: string;
  const targetGroup = async (name: string, fn?: string) => {
    const [group] = (await cloud.elbv2.createTargetGroup({ Name: name, TargetType: "lambda" })).TargetGroups;
    if (fn) await cloud.elbv2.registerTargets({ TargetGroupArn: group!.TargetGroupArn, Targets: [{ Id: fnArn(fn) }] });
    return group!.TargetGroupArn;
  };
  const listen = async (TargetGroupArn: string) => {
    const [listener] = (await cloud.elbv2.createListener({ LoadBalancerArn: balancerArn, Protocol: "HTTP", Port: 0, DefaultActions: [{ Type: "forward", TargetGroupArn }] })).Listeners;
    return { url: `http://127.0.0.1:${listener!.Port}`, ListenerArn: listener!.ListenerArn };
  };

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    for (const [name, source] of Object.entries(FUNCTIONS)) await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: source } });
    balancerArn = (await cloud.elbv2.createLoadBalancer({ Name: "web", Type: "application" })).LoadBalancers[0]!.LoadBalancerArn;
  });
  afterAll(async () => cloud?.shutdown());

  it("forwards requests to the function with the ALB event, and answers with its response and status description", async () => {
    const groupArn = await targetGroup("echo-targets", "echo");
    const { url } = await listen(groupArn);
    const answer = await http(`${url}/a%20b/c?key=hello&key=again&enc=x%20y`, { headers: { "X-Twice": ["1", "2"], "user-agent": "tests" } });
    expect([answer.status, answer.statusMessage]).toEqual([200, "OK"]);
    const event = answer.json<ALBEvent>();
    expect(event).toMatchObject({
      requestContext: { elb: { targetGroupArn: groupArn } },
      httpMethod: "GET",
      path: "/a%20b/c",
      queryStringParameters: { key: "again", enc: "x%20y" },
      body: "",
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ "x-twice": "2", "user-agent": "tests", "x-forwarded-proto": "http", "x-forwarded-for": "127.0.0.1" });
    expect(event.headers!["x-amzn-trace-id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.multiValueHeaders).toBeUndefined();
    const posted = (await http(`${url}/upload`, { method: "POST", headers: { "content-type": "image/png" }, body: Buffer.from([1, 2, 3]) })).json<ALBEvent>();
    expect(posted).toMatchObject({ httpMethod: "POST", body: "AQID", isBase64Encoded: true });
  });

  it("with multi-value headers enabled, passes every header and query value and takes multiValueHeaders back", async () => {
    const groupArn = await targetGroup("multi", "cookies");
    expect(await cloud.elbv2.modifyTargetGroupAttributes({ TargetGroupArn: groupArn, Attributes: [{ Key: "lambda.multi_value_headers.enabled", Value: "true" }] })).toEqual({
      Attributes: [{ Key: "lambda.multi_value_headers.enabled", Value: "true" }],
    });
    const { url } = await listen(groupArn);
    const answer = await http(`${url}/?tag=a&tag=b`);
    expect([answer.status, answer.statusMessage, answer.text]).toEqual([201, "Made It", "made"]);
    expect(answer.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(JSON.parse(answer.headers["x-seen"] as string)).toEqual({ tag: ["a", "b"] });
    expect(answer.headers["x-single"]).toBeUndefined();
  });

  it("routes by rule priority on path patterns and methods, else by the default action", async () => {
    const echo = await targetGroup("routed-echo", "echo");
    const [listener] = (
      await cloud.elbv2.createListener({
        LoadBalancerArn: balancerArn,
        Port: 0,
        DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain", MessageBody: "nothing here" } }],
      })
    ).Listeners;
    const url = `http://127.0.0.1:${listener!.Port}`;
    await cloud.elbv2.createRule({ ListenerArn: listener!.ListenerArn, Priority: 10, Conditions: [{ Field: "path-pattern", Values: ["/api/*"] }], Actions: [{ Type: "forward", TargetGroupArn: echo }] });
    await cloud.elbv2.createRule({
      ListenerArn: listener!.ListenerArn,
      Priority: 5,
      Conditions: [{ Field: "path-pattern", Values: ["/api/admin*"] }, { Field: "http-request-method", Values: ["DELETE"] }],
      Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "403", MessageBody: "no" } }],
    });
    expect((await http(`${url}/api/items`)).json<ALBEvent>().path).toBe("/api/items");
    expect((await http(`${url}/api/admin/x`)).status).toBe(200);
    expect([(await http(`${url}/api/admin/x`, { method: "DELETE" })).status]).toEqual([403]);
    const other = await http(`${url}/elsewhere`);
    expect([other.status, other.text, other.headers["content-type"]]).toEqual([404, "nothing here", "text/plain"]);
    await expect(cloud.elbv2.deleteTargetGroup({ TargetGroupArn: echo })).rejects.toMatchObject({ name: "ResourceInUseException" });
  });

  it("answers with the load balancer's own error pages: 502 when the function fails or answers badly, 503 with no target, 413 over 1 MB", async () => {
    const { url } = await listen(await targetGroup("faulty", "faulty"));
    for (const path of ["/throw", "/string", "/huge"]) {
      const answer = await http(`${url}${path}`);
      expect([path, answer.status, answer.headers["content-type"]]).toEqual([path, 502, "text/html"]);
      expect(answer.text).toContain("<h1>502 Bad Gateway</h1>");
    }
    const big = await http(`${url}/`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(1024 * 1024 + 1, 97) });
    expect(big.status).toBe(413);
    await cloud.lambda.putFunctionConcurrency({ FunctionName: "faulty", ReservedConcurrentExecutions: 0 });
    expect((await http(`${url}/`)).status).toBe(502);
    await cloud.lambda.putFunctionConcurrency({ FunctionName: "faulty", ReservedConcurrentExecutions: 5 });
    expect((await http(`${url}/`)).text).toBe("fine");
    const { url: empty } = await listen(await targetGroup("empty"));
    const unavailable = await http(`${empty}/`);
    expect([unavailable.status, unavailable.text.includes("503 Service Temporarily Unavailable")]).toEqual([503, true]);
  });

  it("refuses bad settings with ELB's errors, naming the field", async () => {
    await expect(cloud.elbv2.createTargetGroup({ Name: "instances", TargetType: "instance" as "lambda" })).rejects.toMatchObject({ name: "ValidationError", field: "TargetType" });
    await expect(cloud.elbv2.createTargetGroup({ Name: "echo-targets", TargetType: "lambda" })).rejects.toMatchObject({ name: "DuplicateTargetGroupNameException" });
    await expect(cloud.elbv2.createLoadBalancer({ Name: "-bad-" })).rejects.toMatchObject({ name: "ValidationError", field: "Name" });
    const groupArn = await targetGroup("strict", "echo");
    await expect(cloud.elbv2.registerTargets({ TargetGroupArn: groupArn, Targets: [{ Id: fnArn("faulty") }] })).rejects.toMatchObject({ name: "TooManyTargetsException" });
    await expect(cloud.elbv2.registerTargets({ TargetGroupArn: groupArn.replace(/\w+$/, "0000"), Targets: [{ Id: fnArn("echo") }] })).rejects.toMatchObject({ name: "TargetGroupNotFoundException" });
    await expect(
      cloud.elbv2.createListener({ LoadBalancerArn: balancerArn, Port: 0, DefaultActions: [{ Type: "redirect" } as never] }),
    ).rejects.toMatchObject({ name: "ValidationError", field: "DefaultActions[0].Type" });
    await expect(cloud.elbv2.modifyTargetGroupAttributes({ TargetGroupArn: groupArn, Attributes: [{ Key: "stickiness.enabled", Value: "true" }] })).rejects.toMatchObject({ field: "Attributes" });
  });

  it("stops serving a deleted load balancer's listeners", async () => {
    const [balancer] = (await cloud.elbv2.createLoadBalancer({ Name: "short-lived" })).LoadBalancers;
    const groupArn = await targetGroup("short", "echo");
    const [listener] = (await cloud.elbv2.createListener({ LoadBalancerArn: balancer!.LoadBalancerArn, Port: 0, DefaultActions: [{ Type: "forward", TargetGroupArn: groupArn }] })).Listeners;
    expect((await http(`http://127.0.0.1:${listener!.Port}/`)).status).toBe(200);
    await cloud.elbv2.deleteLoadBalancer({ LoadBalancerArn: balancer!.LoadBalancerArn });
    await expect(http(`http://127.0.0.1:${listener!.Port}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
