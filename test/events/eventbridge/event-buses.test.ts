import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, createEventBridge, createVirtualClock, type EventBridgeEvent } from "minicloud";
import type { EventBridgeHandler } from "aws-lambda";
import { busEvent } from "../../support/bus-events.js";
import { printedAfter } from "../../support/function-logs.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** An EventBridge whose deliveries are recorded (a target ending in :gone cannot be reached). */
function recordingEventBridge() {
  const clock = createVirtualClock({ start: Date.UTC(2019, 5, 1, 12) });
  const delivered: { target: string; event: EventBridgeEvent; messageGroupId?: string; deduplicationId?: string }[] = [];
  const events = createEventBridge({
    clock,
    deliver: async (target, message) => {
      delivered.push({ target, event: JSON.parse(message.body), ...(message.messageGroupId ? { messageGroupId: message.messageGroupId, deduplicationId: message.deduplicationId! } : {}) });
      return !target.endsWith(":gone");
    },
  });
  return { clock, events, delivered };
}

const order = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ Source: "com.example.orders", DetailType: "Order Placed", Detail: JSON.stringify(detail), ...extra });

describe("EventBridge event buses and pattern rules", () => {
  it("sends each put event to the targets of every enabled rule of its bus whose pattern it matches", async () => {
    const { events, delivered } = recordingEventBridge();
    await events.putRule({ Name: "big-orders", EventPattern: JSON.stringify({ source: ["com.example.orders"], detail: { total: [{ numeric: [">=", 100] }] } }) });
    await events.putTargets({ Rule: "big-orders", Targets: [{ Id: "review", Arn: fnArn("review") }] });
    await events.putRule({ Name: "all-orders", EventPattern: JSON.stringify({ "detail-type": ["Order Placed"] }) });
    await events.putTargets({ Rule: "all-orders", Targets: [{ Id: "log", Arn: "arn:aws:sqs:us-east-1:123456789012:order-log" }] });
    await events.putRule({ Name: "paused", EventPattern: JSON.stringify({ source: ["com.example.orders"] }), State: "DISABLED" });
    await events.putTargets({ Rule: "paused", Targets: [{ Id: "never", Arn: fnArn("never") }] });

    const put = await events.putEvents({ Entries: [order({ total: 250 }), order({ total: 20 }), order({ total: 500 }, { Resources: ["arn:aws:s3:::receipts"] })] });
    expect(put.FailedEntryCount).toBe(0);
    const [big, small, withResource] = put.Entries.map((e) => e.EventId!);
    expect(delivered.map((d) => [d.target.split(":").pop(), d.event.id])).toEqual([
      ["review", big],
      ["order-log", big],
      ["order-log", small],
      ["review", withResource],
      ["order-log", withResource],
    ]);
    expect(delivered[0]!.event).toEqual(busEvent({ total: 250 }, { id: big }));
    expect(delivered[3]!.event.resources).toEqual(["arn:aws:s3:::receipts"]);
  });

  it("keeps custom buses apart: their own rules, rule ARNs with the bus name, no schedules, deletion with their rules", async () => {
    const { events, delivered } = recordingEventBridge();
    const { EventBusArn } = await events.createEventBus({ Name: "shop" });
    expect(EventBusArn).toBe("arn:aws:events:us-east-1:123456789012:event-bus/shop");
    await expect(events.createEventBus({ Name: "shop" })).rejects.toMatchObject({ name: "ResourceAlreadyExistsException" });
    await expect(events.createEventBus({ Name: "default" })).rejects.toMatchObject({ name: "ValidationException", field: "Name" });
    const { RuleArn } = await events.putRule({ Name: "orders", EventBusName: "shop", EventPattern: JSON.stringify({ source: ["com.example.orders"] }) });
    expect(RuleArn).toBe("arn:aws:events:us-east-1:123456789012:rule/shop/orders");
    await events.putTargets({ Rule: "orders", EventBusName: "shop", Targets: [{ Id: "t", Arn: fnArn("shop-orders") }] });
    await expect(events.putTargets({ Rule: "orders", Targets: [{ Id: "t", Arn: fnArn("x") }] })).rejects.toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("EventBus default") });
    await expect(events.putRule({ Name: "tick", EventBusName: "shop", ScheduleExpression: "rate(1 minute)" })).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("only on the default event bus"),
    });

    await events.putEvents({ Entries: [order({ n: 1 }), order({ n: 2 }, { EventBusName: EventBusArn }), order({ n: 3 }, { EventBusName: "nowhere" })] });
    expect(delivered.map((d) => [d.target, d.event.detail])).toEqual([[fnArn("shop-orders"), { n: 2 }]]);
    expect((await events.listEventBuses()).EventBuses.map((b) => b.Name)).toEqual(["default", "shop"]);
    expect((await events.listRules({ EventBusName: "shop" })).Rules.map((r) => [r.Name, r.EventBusName])).toEqual([["orders", "shop"]]);

    await events.deleteEventBus({ Name: "shop" });
    await expect(events.describeEventBus({ Name: "shop" })).rejects.toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("Event bus shop does not exist") });
    await expect(events.deleteEventBus({ Name: "default" })).rejects.toMatchObject({ message: "Cannot delete event bus default." });
  });

  it("reports each refused entry with EventBridge's error code, and refuses whole requests over its limits", async () => {
    const { events, delivered } = recordingEventBridge();
    await events.putRule({ Name: "everything", EventPattern: JSON.stringify({ "detail-type": [{ exists: true }] }) });
    await events.putTargets({ Rule: "everything", Targets: [{ Id: "t", Arn: fnArn("t") }] });
    const put = await events.putEvents({
      Entries: [
        order({ ok: true }),
        { DetailType: "x", Detail: "{}" },
        { Source: "s", Detail: "{}" },
        { Source: "s", DetailType: "x" },
        { Source: "s", DetailType: "x", Detail: "[1, 2]" },
        { Source: "s", DetailType: "x", Detail: "{oops" },
        { Source: "aws.s3", DetailType: "x", Detail: "{}" },
      ],
    });
    expect(put.FailedEntryCount).toBe(6);
    expect(put.Entries.map((e) => e.ErrorCode ?? "ok")).toEqual(["ok", "InvalidArgument", "InvalidArgument", "InvalidArgument", "MalformedDetail", "MalformedDetail", "NotAuthorizedForSourceException"]);
    expect(put.Entries[1]!.ErrorMessage).toBe("Parameter Source is not valid. Reason: Source is a required argument.");
    expect(delivered).toHaveLength(1);
    await expect(events.putEvents({ Entries: [] })).rejects.toMatchObject({ name: "ValidationException", field: "Entries" });
    await expect(events.putEvents({ Entries: Array.from({ length: 11 }, () => order({})) })).rejects.toMatchObject({ name: "ValidationException" });
    await expect(events.putEvents({ Entries: [order({ blob: "x".repeat(256 * 1024) })] })).rejects.toMatchObject({ message: expect.stringContaining("Total size of the entries in the request is over the limit") });
    expect(delivered).toHaveLength(1);
  });

  it("refuses bad patterns in PutRule without keeping the rule, and keeps targets when a rule is updated", async () => {
    const { events, delivered } = recordingEventBridge();
    await expect(events.putRule({ Name: "bad", EventPattern: JSON.stringify({ detail: { n: [{ numeric: ["<", "ten"] }] } }) })).rejects.toMatchObject({
      name: "InvalidEventPatternException",
      message: "Event pattern is not valid. Reason: Value of < must be numeric (at detail.n[0])",
    });
    expect((await events.listRules()).Rules).toEqual([]);
    await events.putRule({ Name: "r", EventPattern: JSON.stringify({ source: ["a"] }) });
    await events.putTargets({ Rule: "r", Targets: [{ Id: "t", Arn: fnArn("t") }, { Id: "fifo", Arn: "arn:aws:sqs:us-east-1:123456789012:q.fifo" }] });
    expect((await events.listTargetsByRule({ Rule: "r" })).Targets.map((t) => t.Id)).toEqual(["t"]);
    await events.putTargets({ Rule: "r", Targets: [{ Id: "fifo", Arn: "arn:aws:sqs:us-east-1:123456789012:q.fifo", SqsParameters: { MessageGroupId: "orders" } }] });
    await events.putRule({ Name: "r", EventPattern: JSON.stringify({ source: ["b"] }) });
    expect((await events.describeRule({ Name: "r" })).EventPattern).toBe('{"source":["b"]}');
    const put = await events.putEvents({ Entries: [{ Source: "a", DetailType: "x", Detail: "{}" }, { Source: "b", DetailType: "x", Detail: "{}" }] });
    expect(delivered.map((d) => [d.target.split(":").pop(), d.event.source, d.messageGroupId ?? "-"])).toEqual([
      ["t", "b", "-"],
      ["q.fifo", "b", "orders"],
    ]);
    // A FIFO queue gets the event id as its deduplication id.
    expect(delivered[1]!.deduplicationId).toBe(put.Entries[1]!.EventId);
  });
});

const onOrder: EventBridgeHandler<"Order Placed", { orderId: string; total: number }, void> = async (event) => {
  console.log("EVENT " + JSON.stringify(event));
};

describe("EventBridge rules with real targets", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({ FunctionName: "on-order", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: `exports.handler = ${onOrder.toString()};` } });
  });
  afterAll(async () => cloud?.shutdown());

  it("invokes a function asynchronously with the event, and puts it in a queue as the message body", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "order-events" });
    const QueueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    const FunctionArn = (await cloud.lambda.getFunctionConfiguration({ FunctionName: "on-order" })).FunctionArn;
    await cloud.eventBridge.putRule({ Name: "orders", EventPattern: JSON.stringify({ "detail-type": ["Order Placed"], detail: { total: [{ numeric: [">", 0] }] } }) });
    await cloud.eventBridge.putTargets({ Rule: "orders", Targets: [{ Id: "fn", Arn: FunctionArn }, { Id: "queue", Arn: QueueArn }] });
    const put = await cloud.eventBridge.putEvents({ Entries: [order({ orderId: "o-1", total: 12.5 }), order({ orderId: "o-2", total: 0 })] });
    await cloud.lambda.settled();
    const seen = printedAfter(cloud, "on-order", "EVENT ").map((t) => JSON.parse(t) as EventBridgeEvent);
    expect(seen.map((e) => [e.id, e.detail])).toEqual([[put.Entries[0]!.EventId, { orderId: "o-1", total: 12.5 }]]);
    const { Messages } = await cloud.sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
    expect(Messages.map((m) => JSON.parse(m.Body))).toEqual([seen[0]]);
    expect(cloud.eventBridge.failedInvocations).toEqual([]);
  });

  it("puts events in a FIFO queue in their group, deduplicated by event id", async () => {
    const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "order-events.fifo", Attributes: { FifoQueue: "true" } });
    const QueueArn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
    await cloud.eventBridge.putRule({ Name: "orders-in-order", EventPattern: JSON.stringify({ source: ["com.example.orders"] }) });
    await cloud.eventBridge.putTargets({ Rule: "orders-in-order", Targets: [{ Id: "fifo", Arn: QueueArn, SqsParameters: { MessageGroupId: "orders" } }] });
    const put = await cloud.eventBridge.putEvents({ Entries: [order({ n: 1 }), order({ n: 2 })] });
    const { Messages } = await cloud.sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
    expect(Messages.map((m) => [JSON.parse(m.Body).detail.n, m.Attributes.MessageGroupId, m.Attributes.MessageDeduplicationId])).toEqual([
      [1, "orders", put.Entries[0]!.EventId],
      [2, "orders", put.Entries[1]!.EventId],
    ]);
  });
});
