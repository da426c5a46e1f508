// AWS's sample events (shared/events, in the folder beside the project) and the comparison the fidelity
// tests make with them: the same keys at every level, the same value types, the same formats.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import { requirement } from "./requirements.js";

const samples = join(packageRoot(), "..", "shared", "events");

/** Whether the sample events are there: skips a fidelity test off CI when they are not, fails in CI. */
export const sampleEvents = requirement("AWS's sample events (../shared/events)", existsSync(join(samples, "s3-event.json")), "the shared/ folder beside the project, with AWS's sample events");

/** One sample event, parsed. */
export function readSample<T = any>(file: string): T {
  return JSON.parse(readFileSync(join(samples, file), "utf8")) as T;
}

/** The recognisable format of a string (ARN of a service, ISO or CLF time, UUID, IP, X-Ray trace), else "string". */
function formatOf(text: string): string {
  const arn = /^arn:aws:([a-z0-9-]+):/.exec(text);
  if (arn) return `arn:${arn[1]}`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(text)) return `iso-time${text.includes(".") ? "-ms" : ""}`;
  if (/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}$/.test(text)) return "clf-time";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) return "uuid";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return "ipv4";
  if (/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(text)) return "xray-trace";
  return "string";
}

/**
 * The shape of a JSON value: every key at every level (arrays by their first item), with the type of
 * its value, and for strings the format they are in. Two events with equal shapes can be read by the
 * same handler code.
 */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, shape(v)]));
  if (typeof value === "string") return formatOf(value);
  return value === null ? "null" : typeof value;
}
