import { describe, expect, it } from "vitest";
import { check, exerciseIds } from "minicloud";

const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:thumbnail";
const photos = (suffix: string) => ({
  LambdaFunctionArn: fnArn,
  Events: ["s3:ObjectCreated:*"],
  Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "photos/" }, { Name: "suffix", Value: suffix }] } },
});

const REPORT = `exports.handler = async (event) => event.Records.map((r) => ({
  bucket: r.s3.bucket.name,
  key: decodeURIComponent(r.s3.object.key.replace(/\\+/g, " ")),
  size: r.s3.object.size,
}));`;

const WORKER = `exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    let order;
    try { order = JSON.parse(record.body); } catch { order = undefined; }
    const ok = order !== null && typeof order === "object" && typeof order.orderId === "string" && order.orderId !== "" && Number.isInteger(order.quantity) && order.quantity > 0;
    if (ok) console.log("SHIPPED " + order.orderId);
    else batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
};`;

describe("exercises of notebook 04 (triggers)", { timeout: 90_000 }, () => {
  it("are registered", () => {
    expect(exerciseIds()).toEqual(expect.arrayContaining(["04-s3-handler", "04-notification-filter", "04-partial-batch"]));
  });

  it("runs an S3 handler on real uploads: a decoding one passes, one that forgets '+' is a space gets a key with a space", async () => {
    expect(await check("04-s3-handler", REPORT)).toMatchObject({ passed: true, checks: 30 });
    const noPlus = await check("04-s3-handler", REPORT.replace('.replace(/\\+/g, " ")', ""));
    expect(noPlus.passed).toBe(false);
    expect(noPlus.counterexample?.input).toMatch(/Key: '[^']* [^']*'/);
    expect(noPlus.counterexample?.actual).toContain("+");
    expect(noPlus.hint).toMatch(/'\+'/);
    const raw = await check("04-s3-handler", "exports.handler = async (event) => event.Records.map((r) => ({ bucket: r.s3.bucket.name, key: r.s3.object.key, size: r.s3.object.size }));");
    expect(raw.passed).toBe(false);
    const crashing = await check("04-s3-handler", "exports.handler = async () => { throw new TypeError('no report'); };");
    expect(crashing.counterexample?.actual).toBe("threw TypeError: no report");
    expect((await check("04-s3-handler", () => 1)).message).toContain("source code as a string");
    // An answer cell holds a function that returns the source: the check deploys what it returns.
    expect(await check("04-s3-handler", () => REPORT)).toMatchObject({ passed: true });
  });

  it("runs a notification configuration through S3's own filter matching", async () => {
    expect(await check("04-notification-filter", [photos(".jpg"), photos(".png")])).toMatchObject({ passed: true, checks: 300 });
    const noSlash = await check("04-notification-filter", [photos(".jpg"), photos(".png")].map((c) => ({ ...c, Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "photos" }, c.Filter.Key.FilterRules[1]!] } } })));
    expect(noSlash.passed).toBe(false);
    expect(noSlash.counterexample).toMatchObject({ expected: "'not invoked'", actual: "'invoked once'" });
    expect(noSlash.counterexample?.input).toMatch(/^key = 'photos[^/]/);
    const onlyJpg = await check("04-notification-filter", [photos(".jpg")]);
    expect(onlyJpg.counterexample).toMatchObject({ input: expect.stringMatching(/^key = 'photos\/.*\.png'$/), expected: "'invoked once'", actual: "'not invoked'" });
    const twoSuffixes = await check("04-notification-filter", [{ ...photos(".jpg"), Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".jpg" }, { Name: "suffix", Value: ".png" }] } } }]);
    expect(twoSuffixes).toMatchObject({ passed: false, message: expect.stringContaining("more than one suffix rule") });
    expect((await check("04-notification-filter", photos(".jpg"))).message).toContain("an array");
    expect(await check("04-notification-filter", () => [photos(".jpg"), photos(".png")])).toMatchObject({ passed: true });
    expect((await check("04-notification-filter", () => [photos(".jpg")])).passed).toBe(false);
  });

  it("runs an SQS handler behind a real mapping: reporting the bad messages passes, throwing fails the good ones too", async () => {
    expect(await check("04-partial-batch", WORKER)).toMatchObject({ passed: true });
    expect(await check("04-partial-batch", () => WORKER)).toMatchObject({ passed: true });
    const throwing = WORKER.replace("else batchItemFailures.push({ itemIdentifier: record.messageId });", 'else throw new Error("bad order");');
    const result = await check("04-partial-batch", throwing);
    expect(result.passed).toBe(false);
    expect(result.counterexample?.expected).toBe("processed and deleted");
    expect(result.counterexample?.actual).toMatch(/dead-letter queue/);
    const swallowing = WORKER.replace("else batchItemFailures.push({ itemIdentifier: record.messageId });", "");
    expect((await check("04-partial-batch", swallowing)).counterexample).toMatchObject({ expected: expect.stringMatching(/dead-letter/), actual: "processed and deleted" });
  });
});
