import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";

describe("Lambda versions, aliases and updates", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const answer = async (FunctionName: string, Qualifier?: string) => {
    const r = await cloud.lambda.invoke({ FunctionName, ...(Qualifier ? { Qualifier } : {}) });
    return { version: r.ExecutedVersion, body: JSON.parse(r.Payload!.transformToString()) };
  };
  const source = (text: string) => ({ Source: `exports.handler = async (e, context) => ({ says: "${text}", version: process.env.AWS_LAMBDA_FUNCTION_VERSION, arn: context.invokedFunctionArn });` });

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({ FunctionName: "release", Runtime: "nodejs20.x", Handler: "index.handler", Code: source("one") });
  });
  afterAll(async () => cloud?.shutdown());

  it("publishes immutable numbered versions; $LATEST moves on with new code", async () => {
    const v1 = await cloud.lambda.publishVersion({ FunctionName: "release" });
    expect(v1).toMatchObject({ Version: "1", FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:release:1" });
    expect((await cloud.lambda.publishVersion({ FunctionName: "release" })).Version).toBe("1");
    await cloud.lambda.updateFunctionCode({ FunctionName: "release", Code: source("two") });
    const v2 = await cloud.lambda.publishVersion({ FunctionName: "release", Description: "second" });
    expect(v2.Version).toBe("2");
    expect(await answer("release", "1")).toMatchObject({ version: "1", body: { says: "one", version: "1" } });
    expect(await answer("release")).toMatchObject({ version: "$LATEST", body: { says: "two" } });
    expect((await cloud.lambda.listVersionsByFunction({ FunctionName: "release" })).Versions.map((v) => v.Version)).toEqual(["$LATEST", "1", "2"]);
  });

  it("routes through an alias, by Qualifier or by a qualified name, and moves it to roll out or back", async () => {
    const alias = await cloud.lambda.createAlias({ FunctionName: "release", Name: "live", FunctionVersion: "1" });
    expect(alias.AliasArn).toBe("arn:aws:lambda:us-east-1:123456789012:function:release:live");
    const viaAlias = await answer("release", "live");
    expect(viaAlias).toMatchObject({ version: "1", body: { says: "one", arn: alias.AliasArn } });
    await cloud.lambda.updateAlias({ FunctionName: "release", Name: "live", FunctionVersion: "2" });
    expect(await answer("release:live")).toMatchObject({ version: "2", body: { says: "two" } });
    await expect(cloud.lambda.createAlias({ FunctionName: "release", Name: "live", FunctionVersion: "1" })).rejects.toMatchObject({ name: "ResourceConflictException" });
    await expect(cloud.lambda.createAlias({ FunctionName: "release", Name: "42", FunctionVersion: "1" })).rejects.toMatchObject({ field: "Name" });
    await expect(cloud.lambda.createAlias({ FunctionName: "release", Name: "beta", FunctionVersion: "9" })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(cloud.lambda.invoke({ FunctionName: "release", Qualifier: "nope" })).rejects.toMatchObject({ name: "ResourceNotFoundException", field: "Qualifier" });
  });

  it("updates the configuration of $LATEST, validated, and starts fresh environments for it", async () => {
    await expect(cloud.lambda.updateFunctionConfiguration({ FunctionName: "release", MemorySize: 50 })).rejects.toMatchObject({ field: "MemorySize" });
    const updated = await cloud.lambda.updateFunctionConfiguration({ FunctionName: "release", MemorySize: 512, Environment: { Variables: { MODE: "fast" } } });
    expect(updated).toMatchObject({ MemorySize: 512, Environment: { Variables: { MODE: "fast" } } });
    const r = await cloud.lambda.invoke({ FunctionName: "release", LogType: "Tail" });
    const log = Buffer.from(r.LogResult!, "base64").toString();
    expect(log).toContain("Memory Size: 512 MB");
    expect(log).toContain("Init Duration");
    expect((await cloud.lambda.getFunctionConfiguration({ FunctionName: "release", Qualifier: "1" })).MemorySize).toBe(128);
  });

  it("reclaims an environment left idle, so the next invocation starts cold", async () => {
    const { createLambda, createVirtualClock, createProcessEngine, newSessionId } = await import("minicloud");
    const clock = createVirtualClock({ start: Date.now() });
    const engine = createProcessEngine({ sessionId: newSessionId() });
    const lambda = createLambda({ engine, clock, idleReclaimMs: 60_000 });
    try {
      await lambda.createFunction({ FunctionName: "idle", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "exports.handler = async () => 1;" } });
      const report = async () => Buffer.from((await lambda.invoke({ FunctionName: "idle", LogType: "Tail" })).LogResult!, "base64").toString();
      expect(await report()).toContain("Init Duration");
      await clock.advance(30_000);
      expect(await report()).not.toContain("Init Duration");
      await clock.advance(61_000);
      expect(await report()).toContain("Init Duration");
    } finally {
      await lambda.shutdown();
      await engine.shutdown();
    }
  });
});
