import { randomUUID } from "node:crypto";
import { ACCOUNT_ID, region } from "../../core/arn.js";
import { eventBridgeValidation } from "./event-buses.js";

/** One entry of PutEvents, in AWS's names. */
export interface PutEventsRequestEntry {
  /** Where the event comes from, e.g. `com.example.orders` (AWS services use `aws.<service>`). */
  Source?: string;
  /** What happened, e.g. `Order Placed`. */
  DetailType?: string;
  /** A JSON object, as text: the event's `detail`. */
  Detail?: string;
  /** ARNs the event is about. */
  Resources?: string[];
  /** When it happened (default: now). */
  Time?: Date;
  /** The bus, by name or ARN (default: `default`). */
  EventBusName?: string;
}

/** One result of PutEvents: the event's id, or why the entry was refused. */
export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

/** An event as EventBridge delivers it (`EventBridgeEvent` in @types/aws-lambda). */
export interface EventBridgeEvent {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** PutEvents takes 1 to 10 entries... */
const MAX_ENTRIES = 10;
/** ...of at most 256 KB together, counted as EventBridge counts them. */
const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge counts it: 14 bytes for Time, and the UTF-8 bytes of Source, DetailType,
 * Detail and each resource.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: unknown) => (typeof text === "string" ? Buffer.byteLength(text) : 0);
  return (entry.Time !== undefined ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0);
}

/** Checks what fails the whole PutEvents call: the number of entries and their total size. */
export function checkPutEventsRequest(entries: unknown): asserts entries is PutEventsRequestEntry[] {
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
    throw eventBridgeValidation("Entries", `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES} (got ${Array.isArray(entries) ? entries.length : typeof entries}).`);
  }
  const total = entries.reduce((n: number, e: PutEventsRequestEntry) => n + entrySize(e ?? {}), 0);
  if (total > MAX_REQUEST_BYTES) {
    throw eventBridgeValidation("Entries", `Total size of the entries in the request is over the limit (${total} bytes; at most ${MAX_REQUEST_BYTES}). Put large payloads in S3 and send their key.`);
  }
}

const isNonEmpty = (text: unknown): text is string => typeof text === "string" && text !== "";

/** An EventBridge time: ISO 8601 to the second, as in `2019-06-01T12:00:00Z`. */
export function eventTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Turns one entry into the event EventBridge delivers, or into the entry's error as PutEvents reports it
 * (the other entries go on).
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
export function eventFromEntry(entry: PutEventsRequestEntry, nowMs: number): { event: EventBridgeEvent } | { error: Required<Omit<PutEventsResultEntry, "EventId">> } {
  const fail = (ErrorCode: string, ErrorMessage: string) => ({ error: { ErrorCode, ErrorMessage } });
  if (!isNonEmpty(entry?.Source)) return fail("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
  if (!isNonEmpty(entry.DetailType)) return fail("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
  if (!isNonEmpty(entry.Detail)) return fail("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
  // Sources starting with aws. are AWS services' own; an account cannot send as one.
  if (entry.Source.startsWith("aws.")) {
    return fail("NotAuthorizedForSourceException", `You do not have permissions to publish events with this source onto this event bus. (${entry.Source}: sources starting with "aws." are AWS services'.)`);
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return fail("MalformedDetail", "Detail is malformed. (Detail must be the text of a JSON object, e.g. JSON.stringify({ orderId: 7 }).)");
  if (entry.Resources !== undefined && !(Array.isArray(entry.Resources) && entry.Resources.every((r) => typeof r === "string"))) {
    return fail("InvalidArgument", "Parameter Resources is not valid. Reason: Resources must be a list of ARNs (strings).");
  }
  const time = entry.Time === undefined ? nowMs : entry.Time instanceof Date ? entry.Time.getTime() : NaN;
  if (!Number.isFinite(time)) return fail("InvalidArgument", "Parameter Time is not valid. Reason: Time must be a Date.");
  return {
    event: {
      version: "0",
      id: randomUUID(),
      "detail-type": entry.DetailType,
      source: entry.Source,
      account: ACCOUNT_ID,
      time: eventTime(time),
      region: region(),
      resources: [...(entry.Resources ?? [])],
      detail: detail as Record<string, unknown>,
    },
  };
}
