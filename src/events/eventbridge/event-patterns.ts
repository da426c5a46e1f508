import { MinicloudError } from "../../core/errors.js";
import { compilePattern, EVENT_PATTERN_RULES, parsePatternText, type CompiledPattern, type PatternDialect } from "../patterns/compile-pattern.js";
import { matchesPattern } from "../patterns/match-pattern.js";
import { eventBridgeValidation } from "./event-buses.js";

/** PutRule and TestEventPattern take patterns of at most 4096 characters. */
const MAX_PATTERN_LENGTH = 4096;
/** TestEventPattern's event must have these fields, as an event on a bus always does. */
const REQUIRED_EVENT_FIELDS = ["id", "account", "source", "time", "region", "detail-type"];

const EVENT_PATTERN_DIALECT: PatternDialect = {
  ...EVENT_PATTERN_RULES,
  nested: true,
  invalid: (reason, at) =>
    new MinicloudError("InvalidEventPatternException", `Event pattern is not valid. Reason: ${reason}${at ? ` (at ${at})` : ""}`, { field: "EventPattern", statusCode: 400 }),
};

/**
 * Compiles an EventPattern (JSON text) as EventBridge checks it, or throws InvalidEventPatternException with
 * Event Ruler's reason and the path of the problem.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export function compileEventPattern(text: unknown): CompiledPattern {
  if (typeof text !== "string") throw eventBridgeValidation("EventPattern", `EventPattern must be JSON text, e.g. JSON.stringify({ source: ["com.example.orders"] }); got ${typeof text}.`);
  if (text.length > MAX_PATTERN_LENGTH) {
    throw eventBridgeValidation("EventPattern", `1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH} (it has ${text.length}).`);
  }
  return compilePattern(parsePatternText(text, EVENT_PATTERN_DIALECT), EVENT_PATTERN_DIALECT);
}

/** Whether an event matches a compiled pattern. */
export function eventMatches(pattern: CompiledPattern, event: unknown): boolean {
  return matchesPattern(pattern, event);
}

/**
 * TestEventPattern: whether an event (JSON text with id, account, source, time, region and detail-type)
 * matches a pattern — the quickest way to try a pattern before a rule uses it.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
export function testEventPattern(request: { EventPattern: string; Event: string }): { Result: boolean } {
  const pattern = compileEventPattern(request.EventPattern);
  let event: unknown;
  try {
    event = JSON.parse(request.Event);
  } catch {
    event = undefined;
  }
  const missing = typeof event === "object" && event !== null && !Array.isArray(event) ? REQUIRED_EVENT_FIELDS.filter((f) => !(f in event)) : REQUIRED_EVENT_FIELDS;
  if (missing.length > 0) {
    throw eventBridgeValidation("Event", `Parameter Event is not valid. (Event must be the JSON text of an event object with ${REQUIRED_EVENT_FIELDS.join(", ")}; missing: ${missing.join(", ")}.)`);
  }
  return { Result: eventMatches(pattern, event) };
}
