import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, createEventBridge, createVirtualClock, type VirtualClock } from "minicloud";
import type { ScheduledEvent } from "aws-lambda";
import { printedAfter } from "../../support/function-logs.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** An EventBridge on a virtual clock that records what it delivers, and when. */
function recordingEventBridge(start = Date.UTC(2019, 5, 1)) {
  const clock = createVirtualClock({ start });
  const delivered: { target: string; at: string; event: ScheduledEvent }[] = [];
  const events = createEventBridge({
    clock,
    deliver: async (target, { body }) => {
      delivered.push({ target, at: new Date(clock.now()).toISOString(), event: JSON.parse(body) });
      return !target.endsWith(":gone");
    },
  });
  return { clock, events, delivered };
}

describe("EventBridge schedule rules", () => {
  it("fire on a virtual clock in time order, each at its scheduled time, with the Scheduled Event", async () => {
    const { clock, events, delivered } = recordingEventBridge();
    const { RuleArn } = await events.putRule({ Name: "every-2-minutes", ScheduleExpression: "rate(2 minutes)" });
    expect(RuleArn).toBe("arn:aws:events:us-east-1:123456789012:rule/every-2-minutes");
    await events.putRule({ Name: "at-3-past", ScheduleExpression: "cron(3/5 * * * ? *)" });
    await events.putTargets({ Rule: "every-2-minutes", Targets: [{ Id: "a", Arn: fnArn("a") }] });
    await events.putTargets({ Rule: "at-3-past", Targets: [{ Id: "b", Arn: fnArn("b") }, { Id: "c", Arn: fnArn("c"), Input: '{"fixed":true}' }] });
    await clock.advance(9 * 60_000);
    expect(delivered.map((d) => `${d.at.slice(11, 16)} ${d.target.split(":").pop()}`)).toEqual(["00:02 a", "00:03 b", "00:03 c", "00:04 a", "00:06 a", "00:08 b", "00:08 c", "00:08 a"]);
    const scheduled = delivered.find((d) => d.target === fnArn("b"))!.event;
    expect(scheduled).toMatchObject({
      version: "0",
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: "123456789012",
      region: "us-east-1",
      time: "2019-06-01T00:03:00Z",
      resources: ["arn:aws:events:us-east-1:123456789012:rule/at-3-past"],
      detail: {},
    });
    expect(delivered.find((d) => d.target === fnArn("c"))!.event).toEqual({ fixed: true });
    // One event (one id) per firing: a fired four times, b twice.
    expect(new Set(delivered.map((d) => (d.event as { id?: string }).id).filter(Boolean)).size).toBe(6);
  });

  it("stop firing while disabled, count rate periods from re-enabling, and leave no timer after shutdown", async () => {
    const { clock, events, delivered } = recordingEventBridge();
    await events.putRule({ Name: "hourly", ScheduleExpression: "rate(1 hour)", State: "DISABLED" });
    await events.putTargets({ Rule: "hourly", Targets: [{ Id: "t", Arn: fnArn("t") }] });
    await clock.advance(2 * 3_600_000);
    expect(delivered).toEqual([]);
    await events.enableRule({ Name: "hourly" });
    await clock.advance(90 * 60_000);
    expect(delivered.map((d) => d.at)).toEqual(["2019-06-01T03:00:00.000Z"]);
    await events.disableRule({ Name: "hourly" });
    await clock.advance(3 * 3_600_000);
    expect(delivered).toHaveLength(1);
    await events.putRule({ Name: "far-away", ScheduleExpression: "cron(0 0 1 1 ? 2030)" });
    await events.enableRule({ Name: "hourly" });
    expect(clock.pending).toBe(2);
    events.shutdown();
    expect(clock.pending).toBe(0);
  });

  it("waits out schedules months away a day at a time, and fires exactly on time", async () => {
    const { clock, events, delivered } = recordingEventBridge();
    await events.putRule({ Name: "new-year", ScheduleExpression: "cron(30 6 1 JAN ? *)" });
    await events.putTargets({ Rule: "new-year", Targets: [{ Id: "t", Arn: fnArn("t") }] });
    await clock.advanceTo(Date.UTC(2020, 0, 1, 6, 29));
    expect(delivered).toEqual([]);
    await clock.advance(60_000);
    expect(delivered.map((d) => d.at)).toEqual(["2020-01-01T06:30:00.000Z"]);
    events.shutdown();
  });

  it("refuses bad rules and targets with EventBridge's errors, and records events a target could not take", async () => {
    const { clock, events } = recordingEventBridge();
    await expect(events.putRule({ Name: "bad", ScheduleExpression: "cron(0 12 * * * *)" })).rejects.toMatchObject({
      name: "ValidationException",
      field: "ScheduleExpression",
      message: expect.stringContaining("one of them must be ?"),
    });
    await expect(events.putRule({ Name: "bad", ScheduleExpression: "cron(0 12 ? * MON-FRY *)" })).rejects.toMatchObject({ message: expect.stringContaining("field 5 (day-of-week") });
    await expect(events.putRule({ Name: "has space", ScheduleExpression: "rate(1 day)" })).rejects.toMatchObject({ field: "Name" });
    await expect(events.putRule({ Name: "neither" })).rejects.toMatchObject({ name: "ValidationException", field: "EventPattern" });
    await expect(events.putTargets({ Rule: "missing", Targets: [{ Id: "t", Arn: fnArn("t") }] })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect((await events.listRules()).Rules).toEqual([]);

    await events.putRule({ Name: "ok", ScheduleExpression: "rate(1 minute)" });
    const put = await events.putTargets({
      Rule: "ok",
      Targets: [
        { Id: "fine", Arn: fnArn("fine") },
        { Id: "bucket", Arn: "arn:aws:s3:::bucket" },
        { Id: "input", Arn: fnArn("x"), Input: "{not json" },
        { Id: "gone", Arn: "arn:aws:sqs:us-east-1:123456789012:gone" },
      ],
    });
    expect(put.FailedEntryCount).toBe(2);
    expect(put.FailedEntries.map((f) => f.TargetId)).toEqual(["bucket", "input"]);
    expect((await events.listTargetsByRule({ Rule: "ok" })).Targets.map((t) => t.Id)).toEqual(["fine", "gone"]);
    await expect(events.deleteRule({ Name: "ok" })).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("has targets") });
    await clock.advance(60_000);
    expect(events.failedInvocations).toEqual([{ Rule: "ok", TargetId: "gone", time: "2019-06-01T00:01:00.000Z" }]);
    await events.removeTargets({ Rule: "ok", Ids: ["fine", "gone"] });
    await events.deleteRule({ Name: "ok" });
    expect(clock.pending).toBe(0);
  });
});

describe("EventBridge rules invoking functions", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let clock: VirtualClock;
  const received = () => printedAfter(cloud, "nightly", "EVENT ").map((text) => JSON.parse(text) as ScheduledEvent);

  beforeAll(async () => {
    clock = createVirtualClock({ start: Date.UTC(2019, 5, 1, 11, 58) });
    cloud = await Cloud.start({ engine: "process", clock });
    await cloud.lambda.createFunction({
      FunctionName: "nightly",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); };' },
    });
  });
  afterAll(async () => cloud?.shutdown());

  it("invokes the function asynchronously with the Scheduled Event at each scheduled time", async () => {
    await cloud.eventBridge.putRule({ Name: "noon", ScheduleExpression: "cron(0 12 * * ? *)" });
    await cloud.eventBridge.putTargets({ Rule: "noon", Targets: [{ Id: "nightly", Arn: fnArn("nightly") }] });
    await clock.advance(2 * 60_000);
    await cloud.lambda.settled();
    await clock.advance(24 * 3_600_000);
    await cloud.lambda.settled();
    expect(received().map((e) => [e.time, e["detail-type"], e.source])).toEqual([
      ["2019-06-01T12:00:00Z", "Scheduled Event", "aws.events"],
      ["2019-06-02T12:00:00Z", "Scheduled Event", "aws.events"],
    ]);
  });
});
