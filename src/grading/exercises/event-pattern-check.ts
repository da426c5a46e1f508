// The event pattern exercise: the learner writes the pattern of a rule that sends the `fraud-check`
// function the risky orders. The learner's pattern and the reference pattern both go through EventBridge's
// own matcher (TestEventPattern) on generated order events, and the first event they disagree on is the
// feedback.
import { testEventPattern } from "../../events/eventbridge/event-patterns.js";
import type { CheckResult } from "../check-result.js";
import { answerValue, compareWithReference } from "../compare-with-reference.js";

export const EVENT_PATTERN_TITLE = "An event pattern that sends fraud-check exactly the risky orders";
const HINT =
  'Everything a pattern lists must match, so "either ... or ..." needs "$or": [{...}, {...}] inside detail. Numbers need { "numeric": [">=", 500] } (500 itself counts), "anything-but" takes a list, and a nested field is a nested object: { "payment": { "method": [...] } }.';

/**
 * The rule the exercise asks for, as EventBridge reads it: Order Placed events from com.example.shop that
 * are worth 500 or more, or paid by card from a country other than the US and Canada.
 */
export const FRAUD_CHECK_PATTERN = {
  source: ["com.example.shop"],
  "detail-type": ["Order Placed"],
  detail: {
    $or: [{ total: [{ numeric: [">=", 500] }] }, { country: [{ "anything-but": ["US", "CA"] }], payment: { method: ["card"] } }],
  },
};

/** What an event in the check looks like in the feedback: its source, type and detail (the envelope's other fields do not vary). */
export interface OrderEvent {
  source: string;
  "detail-type": string;
  detail: { orderId: string; total: number; country?: string; payment?: { method: string } };
}

/** The whole event as it is on the bus. */
function onTheBus(order: OrderEvent): Record<string, unknown> {
  return { version: "0", id: "5d0c3f3e-8b53-4ad2-9a44-8b3f4d2d2d2d", account: "123456789012", time: "2019-06-01T12:00:00Z", region: "us-east-1", resources: [], ...order };
}

const fate = (matched: boolean) => (matched ? "sent to fraud-check" : "not sent");

/** Runs the learner's pattern and the reference through EventBridge's matcher on generated orders. */
export async function checkEventPattern(answer: unknown): Promise<CheckResult> {
  const fail = (message: string): CheckResult => ({ exercise: "04-event-pattern", title: EVENT_PATTERN_TITLE, passed: false, message, hint: HINT, checks: 0 });
  const pattern = await answerValue(answer);
  const text = typeof pattern === "string" ? pattern : JSON.stringify(pattern);
  if (pattern === null || (typeof pattern !== "object" && typeof pattern !== "string") || text === undefined) {
    return fail('Give the event pattern: an object such as { source: ["com.example.shop"] } (or its JSON text).');
  }
  const matches = (pattern: string, order: OrderEvent) => testEventPattern({ EventPattern: pattern, Event: JSON.stringify(onTheBus(order)) }).Result;
  try {
    matches(text, { source: "com.example.shop", "detail-type": "Order Placed", detail: { orderId: "o-1", total: 1 } });
  } catch (error) {
    return fail(`EventBridge refused this pattern: ${error instanceof Error ? error.message : String(error)}`);
  }
  const reference = JSON.stringify(FRAUD_CHECK_PATTERN);
  return compareWithReference<[OrderEvent], string>({
    exercise: "04-event-pattern",
    title: EVENT_PATTERN_TITLE,
    learner: (order) => fate(matches(text, order)),
    reference: (order) => fate(matches(reference, order)),
    inputs: (fc) =>
      fc.tuple(
        fc
          .record({
            // Mostly the shop's placed orders, so that the details decide; the near misses now and then.
            source: fc.constantFrom("com.example.shop", "com.example.shop", "com.example.shop", "com.example.shop.test", "com.example.billing"),
            type: fc.constantFrom("Order Placed", "Order Placed", "Order Placed", "Order Shipped", "order placed"),
            orderId: fc.integer({ min: 1, max: 9999 }).map((n) => `o-${n}`),
            total: fc.oneof(fc.constantFrom(499, 499.99, 500, 500.01), fc.integer({ min: 0, max: 499 }), fc.integer({ min: 0, max: 2000 })),
            country: fc.constantFrom("US", "CA", "FR", "JP", undefined),
            method: fc.constantFrom("card", "card", "paypal", undefined),
          })
          .map(({ source, type, orderId, total, country, method }) => ({
            source,
            "detail-type": type,
            detail: { orderId, total, ...(country !== undefined ? { country } : {}), ...(method !== undefined ? { payment: { method } } : {}) },
          })),
      ),
    runs: 300,
    hint: HINT,
  });
}
