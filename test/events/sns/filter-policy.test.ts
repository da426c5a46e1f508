import { describe, expect, it } from "vitest";
import { createSns, createVirtualClock } from "minicloud";

const queueArn = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;

/** SNS with a topic, whose deliveries to queues are recorded by queue name. */
async function recordingSns() {
  const delivered: { queue: string; body: string }[] = [];
  const sns = createSns({ clock: createVirtualClock(), deliver: async (target, { body }) => (delivered.push({ queue: target.split(":").pop()!, body }), true) });
  const { TopicArn } = await sns.createTopic({ Name: "shop" });
  const subscribe = (queue: string, Attributes: Record<string, string>) => sns.subscribe({ TopicArn, Protocol: "sqs", Endpoint: queueArn(queue), Attributes: { RawMessageDelivery: "true", ...Attributes } });
  return { sns, TopicArn, delivered, subscribe };
}

describe("SNS filter policies", () => {
  it("match attributes as typed values: numbers as numbers, String.Array elements one by one, Binary never", async () => {
    const { sns, TopicArn, delivered, subscribe } = await recordingSns();
    await subscribe("sports", { FilterPolicy: JSON.stringify({ interests: ["rugby", { prefix: "bas" }], price: [{ numeric: [">=", 10, "<", 100] }] }) });
    await subscribe("no-store", { FilterPolicy: JSON.stringify({ store: [{ exists: false }], source_ip: [{ cidr: "10.0.0.0/24" }] }) });
    await subscribe("either", { FilterPolicy: JSON.stringify({ $or: [{ kind: ["refund"] }, { price: [{ numeric: [">", 1000] }] }] }) });
    const publish = (Message: string, attributes: Record<string, [string, string]>) =>
      sns.publish({ TopicArn, Message, MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, [DataType, StringValue]]) => [name, { DataType, StringValue }])) });
    await publish("m1", { interests: ["String.Array", '["tennis", "basketball"]'], price: ["Number", "25"] });
    await publish("m2", { interests: ["String", "rugby"], price: ["String", "25"] });
    await publish("m3", { source_ip: ["String", "10.0.0.7"] });
    await publish("m4", { store: ["String", "north"], source_ip: ["String", "10.0.0.7"], kind: ["String", "refund"] });
    await publish("m5", { price: ["Number", "1500.5"] });
    await sns.publish({ TopicArn, Message: "m6", MessageAttributes: { kind: { DataType: "Binary", BinaryValue: new TextEncoder().encode("refund") } } });
    expect(delivered.map((d) => `${d.queue}:${d.body}`)).toEqual(["sports:m1", "no-store:m3", "either:m4", "either:m5"]);
  });

  it("filter on the JSON body with FilterPolicyScope MessageBody, nested keys and all", async () => {
    const { sns, TopicArn, delivered, subscribe } = await recordingSns();
    await subscribe("paid", { FilterPolicyScope: "MessageBody", FilterPolicy: JSON.stringify({ order: { status: ["paid"], lines: { sku: [{ prefix: "B-" }] } } }) });
    for (const body of [{ order: { status: "paid", lines: [{ sku: "A-1" }, { sku: "B-2" }] } }, { order: { status: "open", lines: [{ sku: "B-1" }] } }]) {
      await sns.publish({ TopicArn, Message: JSON.stringify(body) });
    }
    await sns.publish({ TopicArn, Message: "not json" });
    expect(delivered.map((d) => JSON.parse(d.body).order.status)).toEqual(["paid"]);
  });

  it("refuse what SNS refuses, with its wording: Subscribe's and SetSubscriptionAttributes' differ", async () => {
    const { sns, subscribe } = await recordingSns();
    const refused = (policy: unknown, scope?: string) =>
      subscribe("q", { FilterPolicy: JSON.stringify(policy), ...(scope ? { FilterPolicyScope: scope } : {}) }).then(() => "accepted", (e: Error) => `${e.name}: ${e.message}`);
    expect(await refused({ store: { name: ["x"] } })).toMatch(/^InvalidParameter: Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy/);
    expect(await refused({ key: [{ wildcard: "a*" }] })).toBe("InvalidParameter: Invalid parameter: Attributes Reason: FilterPolicy: Unrecognized match type wildcard (at key[0])");
    expect(await refused({ key: [{ "anything-but": { suffix: "x" } }] })).toMatch(/Unsupported anything-but pattern: suffix/);
    expect(await refused({ key: [{ "anything-but": { prefix: false } }] })).toMatch(/FilterPolicy: prefix match pattern must be a string/);
    expect(await refused(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, ["v"]])))).toMatch(/Filter policy can not have more than 5 keys/);
    expect(await refused({ key: Array.from({ length: 151 }, (_, i) => `v${i}`) })).toMatch(/Filter policy is too complex/);
    // SNS's own example: 4 values at depth 3, 3 at depth 2, 3 at depth 1 make 3×4 × 2×3 × 1×3 = 216 combinations.
    const nested = { a: { b: { c: ["1", "2", "3", "4"] } }, d: { e: ["1", "2", "3"] }, f: ["1", "2", "3"] };
    expect(await refused(nested, "MessageBody")).toMatch(/too complex \(216 combinations/);
    expect(await refused({ a: { b: { c: ["1", "2"] } } }, "MessageBody")).toBe("accepted");

    const { SubscriptionArn } = await subscribe("flat", { FilterPolicy: JSON.stringify({ kind: ["a"] }) });
    const set = (AttributeName: string, AttributeValue: string) => sns.setSubscriptionAttributes({ SubscriptionArn, AttributeName, AttributeValue });
    await expect(set("FilterPolicy", '{"kind": "a"}')).rejects.toMatchObject({ message: 'Invalid parameter: FilterPolicy: "kind" must be an object or an array (at kind)' });
    await expect(set("FilterPolicyScope", "Body")).rejects.toMatchObject({ message: "Invalid parameter: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes" });
    await set("FilterPolicyScope", "MessageBody");
    await set("FilterPolicy", JSON.stringify({ order: { kind: ["a"] } }));
    // The nested policy in place cannot move back to the attributes scope; nothing changes.
    await expect(set("FilterPolicyScope", "MessageAttributes")).rejects.toMatchObject({ name: "InvalidParameter" });
    expect((await sns.getSubscriptionAttributes({ SubscriptionArn })).Attributes).toMatchObject({ FilterPolicy: '{"order":{"kind":["a"]}}', FilterPolicyScope: "MessageBody" });
  });
});
