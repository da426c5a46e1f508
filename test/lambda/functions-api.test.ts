import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billedDurationMs, Cloud, reportLine } from "minicloud";

describe("Lambda functions API: AWS's rules and errors", () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
  });
  afterAll(async () => cloud?.shutdown());

  const base = { Runtime: "nodejs20.x" as const, Handler: "index.handler", Code: { Source: "exports.handler = async () => 1;" } };

  it("refuses bad settings with InvalidParameterValueException naming the field", async () => {
    for (const [request, field] of [
      [{ FunctionName: "has spaces" }, "FunctionName"],
      [{ FunctionName: "x".repeat(65) }, "FunctionName"],
      [{ FunctionName: "ok", MemorySize: 64 }, "MemorySize"],
      [{ FunctionName: "ok", MemorySize: 10241 }, "MemorySize"],
      [{ FunctionName: "ok", Timeout: 901 }, "Timeout"],
      [{ FunctionName: "ok", Timeout: 0 }, "Timeout"],
      [{ FunctionName: "ok", Runtime: "cobol1.0" }, "Runtime"],
      [{ FunctionName: "ok", Environment: { Variables: { AWS_REGION: "x" } } }, "Environment.Variables.AWS_REGION"],
    ] as [Record<string, unknown>, string][]) {
      await expect(cloud.lambda.createFunction({ ...base, ...request } as never)).rejects.toMatchObject({ name: "InvalidParameterValueException", field });
    }
    expect((await cloud.lambda.listFunctions()).Functions).toEqual([]);
  });

  it("creates a function with AWS's configuration shape and refuses a second with the same name", async () => {
    const config = await cloud.lambda.createFunction({ ...base, FunctionName: "shape" });
    expect(config).toMatchObject({
      FunctionName: "shape",
      FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:shape",
      MemorySize: 128,
      Timeout: 3,
      Version: "$LATEST",
      State: "Active",
      PackageType: "Zip",
    });
    expect(config.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await expect(cloud.lambda.createFunction({ ...base, FunctionName: "shape" })).rejects.toMatchObject({ name: "ResourceConflictException", statusCode: 409 });
    expect((await cloud.lambda.getFunctionConfiguration({ FunctionName: "shape" })).CodeSize).toBe(base.Code.Source.length);
  });

  it("answers unknown functions, bad payloads and oversized payloads with AWS's errors", async () => {
    await expect(cloud.lambda.invoke({ FunctionName: "nobody" })).rejects.toMatchObject({ name: "ResourceNotFoundException", statusCode: 404 });
    await cloud.lambda.createFunction({ ...base, FunctionName: "payloads" });
    await expect(cloud.lambda.invoke({ FunctionName: "payloads", Payload: "{not json" })).rejects.toMatchObject({ name: "InvalidRequestContentException" });
    await expect(cloud.lambda.invoke({ FunctionName: "payloads", Payload: JSON.stringify("x".repeat(6 * 1024 * 1024)) })).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      statusCode: 413,
    });
    expect((await cloud.lambda.invoke({ FunctionName: "payloads", InvocationType: "DryRun" })).StatusCode).toBe(204);
  });

  it("rounds billed duration up to 100 ms under the 2019 rule and 1 ms (plus INIT) today", () => {
    expect(billedDurationMs(12.3, undefined, "2019")).toBe(100);
    expect(billedDurationMs(100, undefined, "2019")).toBe(100);
    expect(billedDurationMs(100.01, 250, "2019")).toBe(200);
    expect(billedDurationMs(12.3, undefined, "current")).toBe(13);
    expect(billedDurationMs(12.3, 150.2, "current")).toBe(163);
  });

  it("writes the REPORT line in AWS's field order, with its tabs", () => {
    expect(reportLine({ requestId: "r", durationMs: 12.345, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 41, initDurationMs: 150.123 })).toBe(
      "REPORT RequestId: r\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\tInit Duration: 150.12 ms\t",
    );
  });
});
