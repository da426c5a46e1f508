import type { EventBridgeEvent } from "minicloud";

/**
 * An order event as it travels on an EventBridge bus (put at 2019-06-01 12:00 UTC), with the given detail
 * and any other field replaced.
 */
export function busEvent(detail: unknown, fields: Partial<Record<keyof EventBridgeEvent, unknown>> = {}): Record<string, unknown> {
  return {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "Order Placed",
    source: "com.example.orders",
    account: "123456789012",
    time: "2019-06-01T12:00:00Z",
    region: "us-east-1",
    resources: [],
    detail,
    ...fields,
  };
}
