import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, type InvokeResponse } from "minicloud";

const json = (r: InvokeResponse): any => JSON.parse(r.Payload!.transformToString());

describe("freezing an idle execution environment (process engine)", { timeout: 30_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({
      FunctionName: "ticker",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: {
        Source: `let ticks = 0;
setInterval(() => ticks++, 10);
exports.handler = async (event) => {
  if (event.runMs) await new Promise((r) => setTimeout(r, event.runMs));
  return ticks;
};`,
      },
    });
  });
  afterAll(async () => cloud?.shutdown());

  it("stops a background timer between invocations, and lets it tick during one", async () => {
    const first = json(await cloud.lambda.invoke({ FunctionName: "ticker", Payload: {} }));
    await new Promise((r) => setTimeout(r, 500));
    const afterIdle = json(await cloud.lambda.invoke({ FunctionName: "ticker", Payload: {} }));
    // Unfrozen, a 10 ms timer would have ticked ~50 times in 500 ms of idleness.
    expect(afterIdle - first).toBeLessThanOrEqual(5);
    const afterRun = json(await cloud.lambda.invoke({ FunctionName: "ticker", Payload: { runMs: 300 } }));
    expect(afterRun - afterIdle).toBeGreaterThanOrEqual(10);
  });

  it("still shuts a frozen environment down, and serves again from a new one", async () => {
    await cloud.lambda.invoke({ FunctionName: "ticker", Payload: {} });
    await cloud.lambda.updateFunctionConfiguration({ FunctionName: "ticker", Description: "new environments" });
    const response = await cloud.lambda.invoke({ FunctionName: "ticker", Payload: {}, LogType: "Tail" });
    expect(response.FunctionError).toBeUndefined();
    expect(Buffer.from(response.LogResult!, "base64").toString()).toContain("Init Duration");
  });
});
