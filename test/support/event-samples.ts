import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import { requirement } from "./requirements.js";

const samples = join(packageRoot(), "..", "shared", "events");

/** Whether AWS's sample events are here (skip off CI without them, fail in CI). */
export const haveSamples = requirement("AWS's sample events (../shared/events)", existsSync(join(samples, "s3-event.json")), "the workplace's shared/ folder beside the project");

/** One of AWS's sample events (from ../shared/events), parsed. */
export function sampleEvent<T>(file: string): T {
  return JSON.parse(readFileSync(join(samples, file), "utf8")) as T;
}

/** The shape of a JSON value: every key at every level, with the type of its value. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).sort().map(([k, v]) => [k, shape(v)]));
  return typeof value;
}
