import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import { printedAfter } from "../support/function-logs.js";

describe("asynchronous invocation (Event)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const records = (name: string) => printedAfter(cloud, name, "RECORD ").map((text) => JSON.parse(text));

  beforeAll(async () => {
    // A minute of AWS's retry delay becomes 6 ms.
    cloud = await Cloud.start({ engine: "process", timeScale: 0.0001 });
    const recorder = 'exports.handler = async (event) => { console.log("RECORD " + JSON.stringify(event)); return "noted"; };';
    for (const name of ["on-success", "on-failure"]) {
      await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: recorder } });
    }
    await cloud.lambda.createFunction({
      FunctionName: "flaky",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { console.log("TRY " + JSON.stringify(event)); if (event.fail) throw new Error("failed on purpose"); return { ok: event.n }; };' },
    });
  });
  afterAll(async () => cloud?.shutdown());

  it("answers 202 at once and runs the event later; the OnSuccess destination gets AWS's record", async () => {
    await cloud.lambda.putFunctionEventInvokeConfig({
      FunctionName: "flaky",
      DestinationConfig: {
        OnSuccess: { Destination: "arn:aws:lambda:us-east-1:123456789012:function:on-success" },
        OnFailure: { Destination: "arn:aws:lambda:us-east-1:123456789012:function:on-failure" },
      },
    });
    const response = await cloud.lambda.invoke({ FunctionName: "flaky", InvocationType: "Event", Payload: { n: 1 } });
    expect(response).toEqual({ StatusCode: 202 });
    await cloud.lambda.settled();
    const [record] = records("on-success");
    expect(record).toMatchObject({
      version: "1.0",
      requestContext: { condition: "Success", approximateInvokeCount: 1, functionArn: "arn:aws:lambda:us-east-1:123456789012:function:flaky:$LATEST" },
      requestPayload: { n: 1 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST" },
      responsePayload: { ok: 1 },
    });
  });

  it("retries a failing event twice, then hands it to the OnFailure destination: nothing is lost", async () => {
    await cloud.lambda.invoke({ FunctionName: "flaky", InvocationType: "Event", Payload: { fail: true, n: 2 } });
    await cloud.lambda.settled();
    const tries = printedAfter(cloud, "flaky", 'TRY {"fail":true,"n":2}');
    expect(tries).toHaveLength(3);
    const failure = records("on-failure").find((r) => r.requestPayload.n === 2);
    expect(failure).toMatchObject({
      requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 3 },
      responseContext: { functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "failed on purpose" },
    });
  });

  it("keeps a failed event with no destination in droppedEvents, after the retries it was configured for", async () => {
    await cloud.lambda.putFunctionEventInvokeConfig({ FunctionName: "flaky", MaximumRetryAttempts: 0 });
    await cloud.lambda.invoke({ FunctionName: "flaky", InvocationType: "Event", Payload: { fail: true, n: 3 } });
    await cloud.lambda.settled();
    const dropped = cloud.lambda.droppedEvents.find((d) => (d.record.requestPayload as { n: number }).n === 3);
    expect(dropped?.record.requestContext).toMatchObject({ condition: "RetriesExhausted", approximateInvokeCount: 1 });
  });

  it("refuses bad settings and oversized async payloads, naming the field", async () => {
    await expect(cloud.lambda.putFunctionEventInvokeConfig({ FunctionName: "flaky", MaximumRetryAttempts: 3 })).rejects.toMatchObject({ field: "MaximumRetryAttempts" });
    await expect(cloud.lambda.putFunctionEventInvokeConfig({ FunctionName: "flaky", MaximumEventAgeInSeconds: 30 })).rejects.toMatchObject({ field: "MaximumEventAgeInSeconds" });
    await expect(
      cloud.lambda.invoke({ FunctionName: "flaky", InvocationType: "Event", Payload: JSON.stringify({ big: "x".repeat(300 * 1024) }) }),
    ).rejects.toMatchObject({ name: "RequestEntityTooLargeException", statusCode: 413 });
  });
});
