import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, type InvokeResponse } from "minicloud";

const json = (r: InvokeResponse): any => JSON.parse(r.Payload!.transformToString());
const report = (r: InvokeResponse): string => Buffer.from(r.LogResult ?? "", "base64").toString().split("\n").find((l) => l.startsWith("REPORT"))!;

describe("Lambda on the simulated engine: modelled INIT and run time on the virtual clock", () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "simulated" });
    const Simulation = { initDurationMs: 250, durationMs: 40, maxMemoryUsedMB: 70, response: { ok: true } };
    await cloud.lambda.createFunction({ FunctionName: "modelled", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "exports.handler = async () => 'never run';" }, Simulation });
  });
  afterAll(async () => cloud?.shutdown());

  it("answers with the modelled response: cold once with its Init Duration, then warm", async () => {
    const started = cloud.clock.now();
    const wallStarted = Date.now();
    const cold = await cloud.lambda.invoke({ FunctionName: "modelled", LogType: "Tail" });
    const warm = await cloud.lambda.invoke({ FunctionName: "modelled", LogType: "Tail" });
    expect(json(cold)).toEqual({ ok: true });
    expect(report(cold)).toContain("Duration: 40.00 ms\tBilled Duration: 290 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 250.00 ms\t");
    expect(report(warm)).toMatch(/Duration: 40\.00 ms\tBilled Duration: 40 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t$/);
    expect(cloud.clock.now() - started).toBeGreaterThanOrEqual(330);
    // Virtual time: the 330 ms modelled did not have to pass on the wall clock.
    expect(Date.now() - wallStarted).toBeLessThan(330);
  });

  it("runs concurrent invocations in environments (containers) of their own, and times out a model longer than Timeout", async () => {
    const before = (await cloud.engine.listContainers()).length;
    await Promise.all(Array.from({ length: 3 }, () => cloud.lambda.invoke({ FunctionName: "modelled" })));
    expect((await cloud.engine.listContainers()).length).toBe(before + 2);
    await cloud.lambda.createFunction({ FunctionName: "too-slow", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 1, Code: { Source: "" }, Simulation: { durationMs: 5000 } });
    const response = await cloud.lambda.invoke({ FunctionName: "too-slow" });
    expect(json(response)).toMatchObject({ errorType: "Sandbox.Timedout" });
  });

  it("runs inline functions for real, with their timeout on the wall clock", async () => {
    await cloud.lambda.createFunction({ FunctionName: "inline-here", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Inline: async () => (await new Promise((r) => setTimeout(r, 30)), "waited") } });
    expect(json(await cloud.lambda.invoke({ FunctionName: "inline-here" }))).toBe("waited");
  });

  it("refuses a model it cannot use, naming the field", async () => {
    await expect(
      cloud.lambda.createFunction({ FunctionName: "bad-model", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "" }, Simulation: { durationMs: -1 } }),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", field: "Simulation.durationMs" });
  });
});
