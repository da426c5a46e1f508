import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, createEventBridge, createVirtualClock, exerciseIds } from "minicloud";
import { busEvent } from "../support/bus-events.js";

/** The exercise's rule in plain words, written independently of any pattern. */
const risky = (e: { source: string; "detail-type": string; detail: { total: number; country?: string; payment?: { method: string } } }) =>
  e.source === "com.example.shop" &&
  e["detail-type"] === "Order Placed" &&
  (e.detail.total >= 500 || (e.detail.country !== undefined && e.detail.country !== "US" && e.detail.country !== "CA" && e.detail.payment?.method === "card"));

const SOLUTION = {
  source: ["com.example.shop"],
  "detail-type": ["Order Placed"],
  detail: { $or: [{ total: [{ numeric: [">=", 500] }] }, { country: [{ "anything-but": ["US", "CA"] }], "payment.method": ["card"] }] },
};
const withDetail = (detail: unknown) => ({ ...SOLUTION, detail });

describe("the event pattern exercise of notebook 04", () => {
  it("is registered", () => {
    expect(exerciseIds()).toContain("04-event-pattern");
  });

  it("passes a right pattern however it is written: an object, its JSON, or a function returning it", async () => {
    expect(await check("04-event-pattern", SOLUTION)).toMatchObject({ passed: true, checks: 300 });
    expect(await check("04-event-pattern", JSON.stringify(SOLUTION))).toMatchObject({ passed: true });
    expect(await check("04-event-pattern", () => SOLUTION)).toMatchObject({ passed: true });
  });

  it("names the first order a wrong pattern gets wrong", async () => {
    const over500 = await check("04-event-pattern", withDetail({ $or: [{ total: [{ numeric: [">", 500] }] }, SOLUTION.detail.$or[1]] }));
    expect(over500.passed).toBe(false);
    expect(over500.counterexample).toMatchObject({ input: expect.stringContaining("total: 500"), expected: "'sent to fraud-check'", actual: "'not sent'" });
    // Both conditions at once instead of either: a big order from the US is missed.
    const both = await check("04-event-pattern", withDetail({ total: [{ numeric: [">=", 500] }], country: [{ "anything-but": ["US", "CA"] }], payment: { method: ["card"] } }));
    expect(both.counterexample).toMatchObject({ expected: "'sent to fraud-check'", actual: "'not sent'" });
    const onlyUs = await check("04-event-pattern", withDetail({ $or: [SOLUTION.detail.$or[0], { country: [{ "anything-but": "US" }], "payment.method": ["card"] }] }));
    expect(onlyUs.counterexample?.input).toContain("country: 'CA'");
    const anySource = await check("04-event-pattern", { ...SOLUTION, source: [{ prefix: "com.example.shop" }] });
    expect(anySource.counterexample?.input).toContain("com.example.shop.test");
  });

  it("says why it cannot check an answer that is no pattern, or one EventBridge refuses", async () => {
    expect((await check("04-event-pattern", 42)).message).toContain("Give the event pattern");
    const refused = await check("04-event-pattern", withDetail({ total: [{ numeric: [">=", "500"] }] }));
    expect(refused).toMatchObject({ passed: false, message: expect.stringMatching(/^EventBridge refused this pattern: .*Value of >= must be numeric/) });
  });

  it("has a reference that says what the exercise says, on generated orders", async () => {
    const events = createEventBridge({ clock: createVirtualClock(), deliver: async () => true });
    const order = fc.record({
      source: fc.constantFrom("com.example.shop", "com.example.shop.test", "com.example.billing"),
      "detail-type": fc.constantFrom("Order Placed", "Order Shipped"),
      detail: fc.record({ total: fc.integer({ min: 0, max: 1000 }), country: fc.constantFrom("US", "CA", "FR", "JP"), payment: fc.record({ method: fc.constantFrom("card", "paypal") }) }, { requiredKeys: ["total"] }),
    });
    await fc.assert(
      fc.asyncProperty(order, async (e) => {
        const { Result } = await events.testEventPattern({ EventPattern: JSON.stringify(SOLUTION), Event: JSON.stringify(busEvent(e.detail, e)) });
        expect(Result).toBe(risky(e));
      }),
      { numRuns: 300, seed: 20190601 },
    );
    // The check's own reference is the same rule: the solution above passes it on all 300 orders.
    expect((await check("04-event-pattern", SOLUTION)).passed).toBe(true);
  });
});
