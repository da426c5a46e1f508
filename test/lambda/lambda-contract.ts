// Lambda's behaviour on a real engine: the same tests run on the process engine (unit) and Docker (e2e).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, type EngineName, type InvokeResponse } from "minicloud";

const REPORT = /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB\t(Init Duration: \d+\.\d{2} ms\t)?$/;

const json = (r: InvokeResponse): any => JSON.parse(r.Payload!.transformToString());
const tail = (r: InvokeResponse): string => Buffer.from(r.LogResult ?? "", "base64").toString();

export function describeLambda(engine: EngineName): void {
  describe(`Lambda on the ${engine} engine`, { timeout: 60_000 }, () => {
    let cloud: Cloud;
    beforeAll(async () => {
      cloud = await Cloud.start({ engine });
      await cloud.lambda.createFunction({
        FunctionName: "counter",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        MemorySize: 256,
        Environment: { Variables: { GREETING: "hi" } },
        Code: {
          Source: `let count = 0;
exports.handler = async (event, context) => {
  count++;
  console.log("event", JSON.stringify(event));
  return { count, greeting: process.env.GREETING, name: event.name, requestId: context.awsRequestId, fn: context.functionName,
    memory: context.memoryLimitInMB, group: context.logGroupName, arn: context.invokedFunctionArn, left: context.getRemainingTimeInMillis() };
};`,
        },
      });
      await cloud.lambda.createFunction({
        FunctionName: "faulty",
        Runtime: "nodejs20.x",
        Handler: "app.handler",
        Timeout: 1,
        Code: {
          FileName: "app.js",
          Source: `exports.handler = async (event) => {
  if (event.mode === "throw") throw new TypeError("bad input: " + event.mode);
  if (event.mode === "string") throw "just a string";
  if (event.mode === "exit") process.exit(2);
  if (event.mode === "hang") await new Promise(() => {});
  if (event.mode === "memory") { const keep = []; for (;;) { keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 5)); } }
  return "fine";
};`,
        },
      });
    });
    afterAll(async () => cloud?.shutdown());

    it("answers with the handler's value, and gives it AWS's context", async () => {
      const response = await cloud.lambda.invoke({ FunctionName: "counter", Payload: JSON.stringify({ name: "Ada" }), LogType: "Tail" });
      expect(response.StatusCode).toBe(200);
      expect(response.FunctionError).toBeUndefined();
      expect(response.ExecutedVersion).toBe("$LATEST");
      const body = json(response);
      expect(body).toMatchObject({ greeting: "hi", name: "Ada", fn: "counter", memory: "256", group: "/aws/lambda/counter" });
      expect(body.arn).toBe("arn:aws:lambda:us-east-1:123456789012:function:counter");
      expect(body.left).toBeGreaterThan(0);
      const log = tail(response).split("\n");
      expect(log[0]).toBe(`START RequestId: ${body.requestId} Version: $LATEST`);
      expect(log).toContainEqual(expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${body.requestId}\\tINFO\\tevent {"name":"Ada"}$`)));
      expect(log).toContain(`END RequestId: ${body.requestId}`);
    });

    it("starts cold once, then reuses the warm environment: module state survives, no Init Duration", async () => {
      await cloud.lambda.createFunction({ FunctionName: "warmth", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "let n = 0; exports.handler = async () => ++n;" } });
      const first = await cloud.lambda.invoke({ FunctionName: "warmth", LogType: "Tail" });
      const second = await cloud.lambda.invoke({ FunctionName: "warmth", LogType: "Tail" });
      expect([json(first), json(second)]).toEqual([1, 2]);
      const reports = [first, second].map((r) => tail(r).split("\n").find((l) => l.startsWith("REPORT"))!);
      for (const report of reports) expect(report).toMatch(REPORT);
      expect(reports[0]).toContain("Init Duration:");
      expect(reports[1]).not.toContain("Init Duration:");
    });

    it("returns a thrown error as FunctionError Unhandled with AWS's error shape, and keeps the environment", async () => {
      const thrown = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "throw" } });
      expect(thrown.FunctionError).toBe("Unhandled");
      expect(json(thrown)).toMatchObject({ errorType: "TypeError", errorMessage: "bad input: throw" });
      expect(json(thrown).trace[0]).toBe("TypeError: bad input: throw");
      const text = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "string" } });
      expect(json(text)).toMatchObject({ errorType: "string", errorMessage: "just a string" });
      const fine = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "ok" }, LogType: "Tail" });
      expect(json(fine)).toBe("fine");
      expect(tail(fine)).not.toContain("Init Duration");
    });

    it("times out a handler that runs too long, with AWS's message, and replaces the environment", async () => {
      const response = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "hang" }, LogType: "Tail" });
      expect(response.FunctionError).toBe("Unhandled");
      expect(json(response).errorType).toBe("Sandbox.Timedout");
      expect(json(response).errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
      const next = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "ok" }, LogType: "Tail" });
      expect(json(next)).toBe("fine");
      expect(tail(next)).toContain("Init Duration");
    });

    it("reports process.exit and a memory kill as Runtime.ExitError, and keeps serving", async () => {
      const exit = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "exit" } });
      expect(json(exit)).toMatchObject({ errorType: "Runtime.ExitError" });
      expect(json(exit).errorMessage).toContain("Runtime exited with error: exit status 2");
      const memory = await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "memory" } });
      expect(json(memory).errorMessage).toContain("Runtime exited with error: signal: killed");
      expect(json(await cloud.lambda.invoke({ FunctionName: "faulty", Payload: { mode: "ok" } }))).toBe("fine");
    });

    it("reports a handler that cannot be loaded as AWS does", async () => {
      await cloud.lambda.createFunction({ FunctionName: "misnamed", Runtime: "nodejs20.x", Handler: "main.handler", Code: { Source: "exports.run = async () => 1;", FileName: "main.js" } });
      const response = await cloud.lambda.invoke({ FunctionName: "misnamed" });
      expect(response.FunctionError).toBe("Unhandled");
      expect(json(response)).toMatchObject({ errorType: "Runtime.HandlerNotFound", errorMessage: "main.handler is undefined or not exported" });
    });

    it("throttles beyond reserved concurrency with TooManyRequestsException", async () => {
      await cloud.lambda.createFunction({ FunctionName: "slow", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return 1; };" } });
      await cloud.lambda.putFunctionConcurrency({ FunctionName: "slow", ReservedConcurrentExecutions: 1 });
      const results = await Promise.allSettled([cloud.lambda.invoke({ FunctionName: "slow" }), cloud.lambda.invoke({ FunctionName: "slow" })]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const throttled = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(throttled.reason).toMatchObject({ name: "TooManyRequestsException", statusCode: 429, field: "ReservedFunctionConcurrentInvocationLimitExceeded" });
    });

    it("records CloudWatch metrics: invocations, errors, throttles, duration and concurrency", async () => {
      const window = { StartTime: 0, EndTime: Date.now() + 60_000, Period: 3600 * 24 * 365 * 100 };
      const sum = (MetricName: "Invocations" | "Errors" | "Throttles", FunctionName: string) =>
        cloud.lambda.metrics.getMetricStatistics({ MetricName, FunctionName, Statistics: ["Sum"], ...window }).Datapoints[0]?.Sum ?? 0;
      expect(sum("Invocations", "faulty")).toBe(cloud.lambda.metered.filter((m) => m.functionName === "faulty").length);
      expect(sum("Errors", "faulty")).toBeGreaterThanOrEqual(4);
      expect(sum("Throttles", "slow")).toBeGreaterThanOrEqual(1);
      const duration = cloud.lambda.metrics.getMetricStatistics({ MetricName: "Duration", FunctionName: "counter", Statistics: ["Average", "Maximum", "SampleCount"], ...window }).Datapoints[0]!;
      expect(duration.Unit).toBe("Milliseconds");
      expect(duration.Maximum!).toBeGreaterThanOrEqual(duration.Average!);
      const concurrency = cloud.lambda.metrics.getMetricStatistics({ MetricName: "ConcurrentExecutions", FunctionName: "slow", Statistics: ["Maximum"], ...window });
      expect(concurrency.Datapoints[0]!.Maximum).toBe(1);
    });

    it("runs one environment per invocation in flight: concurrent invocations never share one", async () => {
      await cloud.lambda.createFunction({ FunctionName: "parallel", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "const id = Math.random(); exports.handler = async () => { await new Promise((r) => setTimeout(r, 100)); return id; };" } });
      await cloud.lambda.invoke({ FunctionName: "parallel" });
      const ids = await Promise.all(Array.from({ length: 4 }, () => cloud.lambda.invoke({ FunctionName: "parallel" }).then(json)));
      expect(new Set(ids).size).toBe(4);
    });

    it("runs a custom runtime: a bootstrap that speaks the Runtime API itself", async () => {
      const folder = mkdtempSync(join(tmpdir(), "custom-runtime-"));
      writeFileSync(join(folder, "bootstrap"), '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/loop.js"\n');
      writeFileSync(
        join(folder, "loop.js"),
        `const api = "http://" + process.env.AWS_LAMBDA_RUNTIME_API + "/2018-06-01/runtime";
(async () => { for (;;) {
  const next = await fetch(api + "/invocation/next");
  const id = next.headers.get("lambda-runtime-aws-request-id");
  const event = await next.json();
  if (event.fail) await fetch(api + "/invocation/" + id + "/error", { method: "POST", body: JSON.stringify({ errorType: "Custom.Failure", errorMessage: "asked to fail" }) });
  else await fetch(api + "/invocation/" + id + "/response", { method: "POST", body: JSON.stringify({ handler: process.env._HANDLER, echo: event }) });
} })();`,
      );
      await cloud.lambda.createFunction({ FunctionName: "custom", Runtime: "provided.al2023", Handler: "my.handler", Code: { Directory: folder } });
      rmSync(folder, { recursive: true, force: true });
      expect(json(await cloud.lambda.invoke({ FunctionName: "custom", Payload: { a: 1 } }))).toEqual({ handler: "my.handler", echo: { a: 1 } });
      const failed = await cloud.lambda.invoke({ FunctionName: "custom", Payload: { fail: true } });
      expect(failed.FunctionError).toBe("Unhandled");
      expect(json(failed)).toEqual({ errorType: "Custom.Failure", errorMessage: "asked to fail" });
    });

    it("reports Max Memory Used from the kernel's high-water mark: a handler holding ~100 MB reports more than one holding nothing", async () => {
      const source = `exports.handler = async (event) => {
  let held = event.mb ? Buffer.alloc(event.mb * 1024 * 1024, 1) : undefined;
  held = undefined;
  return "done";
};`;
      const maxMemory = async (name: string, mb: number): Promise<number> => {
        await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", MemorySize: 512, Code: { Source: source } });
        const report = tail(await cloud.lambda.invoke({ FunctionName: name, Payload: { mb }, LogType: "Tail" })).split("\n").find((l) => l.startsWith("REPORT"))!;
        return Number(/Max Memory Used: (\d+) MB/.exec(report)![1]);
      };
      const idle = await maxMemory("holds-nothing", 0);
      const busy = await maxMemory("holds-100mb", 100);
      expect(busy).toBeGreaterThan(idle + 80);
    });

    it("carries a large event and a large answer through the Runtime API, and errors whose name is not a header value", async () => {
      await cloud.lambda.createFunction({
        FunctionName: "echo",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Code: { Source: `exports.handler = async (event) => { if (event.oddName) { const e = new Error("odd"); e.name = "Odd\\nName é"; throw e; } return { text: event.text.toUpperCase(), length: event.text.length }; };` },
      });
      const text = "é".repeat(700_000);
      const big = json(await cloud.lambda.invoke({ FunctionName: "echo", Payload: { text } }));
      expect(big.length).toBe(text.length);
      expect(big.text).toBe(text.toUpperCase());
      const odd = await cloud.lambda.invoke({ FunctionName: "echo", Payload: { oddName: true } });
      expect(json(odd)).toMatchObject({ errorType: "Odd\nName é", errorMessage: "odd" });
      expect(json(await cloud.lambda.invoke({ FunctionName: "echo", Payload: { text: "ok" } }))).toEqual({ text: "OK", length: 2 });
    });

    it("compiles and runs a TypeScript handler typed with @types/aws-lambda", async () => {
      await cloud.lambda.createFunction({
        FunctionName: "typed",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Code: {
          FileName: "index.ts",
          Source: `import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 200,
  body: \`\${event.rawPath} from \${context.functionName}\`,
});`,
        },
      });
      expect(json(await cloud.lambda.invoke({ FunctionName: "typed", Payload: { rawPath: "/hello" } }))).toEqual({ statusCode: 200, body: "/hello from typed" });
    });

    it("shows a function's page (configuration, recent invocations) and its log with REPORT lines highlighted", async () => {
      await cloud.lambda.createFunction({ FunctionName: "faces", Runtime: "nodejs20.x", Handler: "index.handler", MemorySize: 256, Environment: { Variables: { GREETING: "hi" } }, Code: { Source: `exports.handler = async (event) => { console.log("<b>hello</b>", event.n); return event.n; };` } });
      for (let n = 1; n <= 3; n++) await cloud.lambda.invoke({ FunctionName: "faces", Payload: { n } });
      const summary = cloud.lambda.summary({ FunctionName: "faces" }, 2);
      expect(summary).toMatchObject({ configuration: { FunctionName: "faces", MemorySize: 256 }, environments: 1 });
      expect(summary.recentInvocations).toHaveLength(2);
      const page = summary.toMimeBundle() as Record<string, string>;
      expect(page["text/plain"]).toContain("Environment variables: GREETING");
      expect(page["text/plain"]).toMatch(/Recent invocations \(2\):\n.*warm.*\n.*warm/);
      expect(cloud.lambda.summary({ FunctionName: "faces" }).recentInvocations[0]!.initDurationMs).toBeGreaterThan(0);
      const view = cloud.lambda.logsView({ FunctionName: "faces" });
      expect(view.events.filter((e) => e.message.startsWith("REPORT "))).toHaveLength(3);
      const log = view.toMimeBundle() as Record<string, string>;
      expect(log["text/html"]!.match(/background:#fff5d6;font-weight:bold/g)).toHaveLength(3);
      expect(log["text/html"]!.match(/<span style="color:#cf222e">Init Duration/g)).toHaveLength(1);
      expect(log["text/html"]).toContain("&lt;b&gt;hello&lt;/b&gt;");
      expect(log["text/plain"]).toMatch(/env 1 REPORT RequestId: .*Billed Duration/);
      expect(() => cloud.lambda.logsView({ FunctionName: "nobody" })).toThrow(expect.objectContaining({ name: "ResourceNotFoundException" }));
    });

    it("meters every invocation under both billing rules", async () => {
      const before = cloud.lambda.metered.length;
      await cloud.lambda.invoke({ FunctionName: "counter", Payload: {} });
      const entry = cloud.lambda.metered[before]!;
      expect(entry.functionName).toBe("counter");
      expect(entry.billedDurationMs["2019"] % 100).toBe(0);
      expect(entry.billedDurationMs["2019"]).toBeGreaterThanOrEqual(entry.billedDurationMs.current - (entry.initDurationMs ?? 0));
      expect(entry.gbSeconds.current).toBeCloseTo((256 / 1024) * (entry.billedDurationMs.current / 1000), 10);
      const bill = cloud.lambda.bill();
      const line = bill.lines.find((l) => l.FunctionName === "counter")!;
      const mine = cloud.lambda.metered.filter((m) => m.functionName === "counter");
      expect(line.requests).toBe(mine.length);
      expect(line.gbSeconds).toBeCloseTo(mine.reduce((s, m) => s + m.gbSeconds.current, 0), 10);
      expect(line.total).toBeCloseTo(line.requests * 0.2e-6 + line.gbSeconds * 0.0000166667, 12);
      expect(cloud.lambda.bill({ rule: "2019" }).total).toBeGreaterThanOrEqual(0);
      expect(bill.toMimeBundle()["text/plain"]).toContain("counter");
    });
  });
}
