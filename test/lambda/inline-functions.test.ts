import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context, S3Event } from "aws-lambda";
import { Cloud, type InvokeResponse } from "minicloud";

const json = (r: InvokeResponse): any => JSON.parse(r.Payload!.transformToString());
const tail = (r: InvokeResponse): string[] => Buffer.from(r.LogResult ?? "", "base64").toString().split("\n");

describe("inline functions: a function value run in this process, labelled as such", { timeout: 30_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
  });
  afterAll(async () => cloud?.shutdown());

  it("runs a handler typed with @types/aws-lambda, with AWS's context, and says it is inline", async () => {
    const handler = async (event: S3Event, context: Context) => {
      console.log("records", event.Records.length);
      return { key: event.Records[0]?.s3.object.key, fn: context.functionName, memory: context.memoryLimitInMB, left: context.getRemainingTimeInMillis() };
    };
    await cloud.lambda.createFunction({ FunctionName: "inline-s3", Runtime: "nodejs20.x", Handler: "index.handler", MemorySize: 256, Code: { Inline: handler } });
    const response = await cloud.lambda.invoke({ FunctionName: "inline-s3", Payload: { Records: [{ s3: { object: { key: "photo.jpg" } } }] }, LogType: "Tail" });
    expect(response.FunctionError).toBeUndefined();
    expect(json(response)).toMatchObject({ key: "photo.jpg", fn: "inline-s3", memory: "256" });
    expect(json(response).left).toBeGreaterThan(2000);
    const log = tail(response);
    expect(log[0]).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/);
    expect(log).toContainEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\trecords 1$/));
    const report = log.find((l) => l.startsWith("REPORT"))!;
    expect(report).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms\tIsolation: inline \(no container\)\t$/);
    const description = await cloud.lambda.getFunction({ FunctionName: "inline-s3" });
    expect(description).toMatchObject({ Isolation: "inline", Code: { RepositoryType: "Inline" }, Configuration: { FunctionName: "inline-s3" } });
  });

  it("passes the event and the answer as JSON, never the caller's objects, and keeps module state warm", async () => {
    let calls = 0;
    const seen: unknown[] = [];
    await cloud.lambda.createFunction({
      FunctionName: "inline-state",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Inline: async (event: { when: unknown }) => (seen.push(event), { calls: ++calls, when: event.when }) },
    });
    const payload = { when: new Date(0) };
    const first = await cloud.lambda.invoke({ FunctionName: "inline-state", Payload: payload, LogType: "Tail" });
    const second = await cloud.lambda.invoke({ FunctionName: "inline-state", Payload: payload, LogType: "Tail" });
    expect([json(first), json(second)]).toEqual([
      { calls: 1, when: "1970-01-01T00:00:00.000Z" },
      { calls: 2, when: "1970-01-01T00:00:00.000Z" },
    ]);
    expect(seen[0]).not.toBe(payload);
    expect(tail(first).find((l) => l.startsWith("REPORT"))).toContain("Init Duration");
    expect(tail(second).find((l) => l.startsWith("REPORT"))).not.toContain("Init Duration");
  });

  it("answers through the callback, and reports thrown errors as FunctionError Unhandled with AWS's shape", async () => {
    await cloud.lambda.createFunction({
      FunctionName: "inline-callback",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Inline: (event: { fail?: boolean }, _context: Context, callback: (e: Error | null, r?: unknown) => void) => void setTimeout(() => callback(event.fail ? new RangeError("too big") : null, "done"), 5) },
    });
    expect(json(await cloud.lambda.invoke({ FunctionName: "inline-callback" }))).toBe("done");
    const failed = await cloud.lambda.invoke({ FunctionName: "inline-callback", Payload: { fail: true }, LogType: "Tail" });
    expect(failed.FunctionError).toBe("Unhandled");
    expect(json(failed)).toMatchObject({ errorType: "RangeError", errorMessage: "too big" });
    expect(json(failed).trace[0]).toBe("RangeError: too big");
    expect(tail(failed)).toContainEqual(expect.stringMatching(/\tERROR\tInvoke Error \t\{"errorType":"RangeError"/));
  });

  it("fails the invocation at the timeout even though the closure keeps running, and starts a new environment", async () => {
    let finished = false;
    await cloud.lambda.createFunction({
      FunctionName: "inline-slow",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Timeout: 1,
      Code: { Inline: async (event: { ms: number }) => (await new Promise((r) => setTimeout(r, event.ms)), (finished = true), "late") },
    });
    const started = Date.now();
    const response = await cloud.lambda.invoke({ FunctionName: "inline-slow", Payload: { ms: 1500 } });
    expect(Date.now() - started).toBeLessThan(1400);
    expect(json(response)).toMatchObject({ errorType: "Sandbox.Timedout", errorMessage: expect.stringMatching(/Task timed out after 1\.00 seconds$/) });
    expect(finished).toBe(false);
    const next = await cloud.lambda.invoke({ FunctionName: "inline-slow", Payload: { ms: 1 }, LogType: "Tail" });
    expect(json(next)).toBe("late");
    expect(tail(next).find((l) => l.startsWith("REPORT"))).toContain("Init Duration");
  });

  it("counts toward concurrency and the bill like any function", async () => {
    await cloud.lambda.createFunction({ FunctionName: "inline-busy", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Inline: () => new Promise((r) => setTimeout(() => r(1), 150)) } });
    await cloud.lambda.putFunctionConcurrency({ FunctionName: "inline-busy", ReservedConcurrentExecutions: 1 });
    const results = await Promise.allSettled([cloud.lambda.invoke({ FunctionName: "inline-busy" }), cloud.lambda.invoke({ FunctionName: "inline-busy" })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ name: "TooManyRequestsException" });
    const metered = cloud.lambda.metered.filter((m) => m.functionName === "inline-busy");
    expect(metered).toHaveLength(1);
    expect(metered[0]!.billedDurationMs["2019"]).toBe(200);
    expect(cloud.lambda.bill().lines.find((l) => l.FunctionName === "inline-busy")?.requests).toBe(1);
  });

  it("refuses inline code that is not a function, or that asks for a runtime other than Node.js", async () => {
    await expect(cloud.lambda.createFunction({ FunctionName: "not-a-function", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Inline: "x" as never } })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      field: "Code.Inline",
    });
    await expect(cloud.lambda.createFunction({ FunctionName: "inline-custom", Runtime: "provided.al2023", Handler: "x", Code: { Inline: () => 1 } })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      field: "Runtime",
    });
  });

  it("gives the console back when the session shuts down", async () => {
    const patched = console.log;
    const other = await Cloud.start({ engine: "process" });
    await other.lambda.createFunction({ FunctionName: "f", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Inline: () => 1 } });
    await other.lambda.invoke({ FunctionName: "f" });
    await other.shutdown();
    expect(console.log).toBe(patched);
  });
});
