import { MinicloudError } from "../core/errors.js";
import type { Random } from "../core/random.js";

/**
 * How events arrive at a function during a simulation. Times are milliseconds from the start.
 * - `constant`: evenly spaced, the first at 0 (a timer, a steady client).
 * - `poisson`: independent events at an average rate (many users acting on their own).
 * - `bursts`: Poisson background traffic plus bursts of `count` events at `atMs` (spread over `spreadMs`).
 * - `daily`: Poisson traffic whose rate follows a day, lowest at night and highest at `peakHour`.
 * - `trace`: replays recorded timestamps.
 */
export type ArrivalPattern =
  | { type: "constant"; perSecond: number }
  | { type: "poisson"; perSecond: number }
  | { type: "bursts"; perSecond?: number; bursts: { atMs: number; count: number; spreadMs?: number }[] }
  | { type: "daily"; peakPerSecond: number; troughPerSecond: number; peakHour?: number }
  | { type: "trace"; timestampsMs: ArrayLike<number> };

const DAY_MS = 86_400_000;

function bad(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", `${field} ${message}`, { field });
}

function rate(value: number | undefined, field: string): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0) throw bad(field, `must be a number of events per second, 0 or more; got ${value}.`);
  return value;
}

/** A Float64Array that grows as values are pushed: arrival counts are only known once drawn. */
class TimeList {
  values: Float64Array;
  length = 0;
  constructor(expected: number) {
    this.values = new Float64Array(Math.max(16, Math.ceil(expected)));
  }
  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }
  done(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** Exponential gaps: the time between independent events at `perMs` events per ms. */
function poissonInto(list: TimeList, perMs: number, durationMs: number, random: Random): void {
  if (perMs <= 0) return;
  for (let t = -Math.log(1 - random.next()) / perMs; t < durationMs; t += -Math.log(1 - random.next()) / perMs) list.push(t);
}

/**
 * The arrival times of a pattern over `durationMs`, sorted, as milliseconds from the start.
 * Deterministic for a given `random` (seed it with `createRandom(seed)`).
 */
export function arrivalTimes(pattern: ArrivalPattern, durationMs: number, random: Random, field = "arrivals"): Float64Array {
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw bad("durationMs", `must be a number of milliseconds above 0; got ${durationMs}.`);
  switch (pattern?.type) {
    case "constant": {
      const perSecond = rate(pattern.perSecond, `${field}.perSecond`);
      if (perSecond === 0) return new Float64Array(0);
      // i × 1000 / rate rather than a running sum: no drift, and whole rates give exact times.
      const list = new TimeList((durationMs * perSecond) / 1000 + 1);
      for (let i = 0; (i * 1000) / perSecond < durationMs; i++) list.push((i * 1000) / perSecond);
      return list.done();
    }
    case "poisson": {
      const perSecond = rate(pattern.perSecond, `${field}.perSecond`);
      const list = new TimeList((perSecond * durationMs) / 1000 * 1.05 + 16);
      poissonInto(list, perSecond / 1000, durationMs, random);
      return list.done();
    }
    case "bursts": {
      const perSecond = rate(pattern.perSecond, `${field}.perSecond`);
      if (!Array.isArray(pattern.bursts)) throw bad(`${field}.bursts`, "must be a list of { atMs, count, spreadMs? }.");
      const list = new TimeList((perSecond * durationMs) / 1000 + 16);
      poissonInto(list, perSecond / 1000, durationMs, random);
      pattern.bursts.forEach((burst, i) => {
        const where = `${field}.bursts[${i}]`;
        if (!Number.isFinite(burst.atMs) || burst.atMs < 0) throw bad(`${where}.atMs`, `must be a time in ms from the start, 0 or more; got ${burst.atMs}.`);
        if (!Number.isInteger(burst.count) || burst.count < 0) throw bad(`${where}.count`, `must be a whole number of events; got ${burst.count}.`);
        const spread = rate(burst.spreadMs, `${where}.spreadMs`);
        for (let n = 0; n < burst.count; n++) {
          const t = burst.atMs + (spread > 0 ? random.next() * spread : 0);
          if (t < durationMs) list.push(t);
        }
      });
      return list.done().sort();
    }
    case "daily": {
      const peak = rate(pattern.peakPerSecond, `${field}.peakPerSecond`);
      const trough = rate(pattern.troughPerSecond, `${field}.troughPerSecond`);
      if (trough > peak) throw bad(`${field}.troughPerSecond`, `(${trough}) must not be above peakPerSecond (${peak}).`);
      const peakHour = pattern.peakHour ?? 14;
      if (!(peakHour >= 0 && peakHour < 24)) throw bad(`${field}.peakHour`, `must be an hour from 0 to 24; got ${peakHour}.`);
      // Thinning (Lewis & Shedler): draw at the peak rate, keep each event with probability rate(t)/peak.
      const list = new TimeList(((peak + trough) / 2) * (durationMs / 1000) * 1.05 + 16);
      if (peak === 0) return list.done();
      const perMs = peak / 1000;
      for (let t = -Math.log(1 - random.next()) / perMs; t < durationMs; t += -Math.log(1 - random.next()) / perMs) {
        const phase = (2 * Math.PI * (t - peakHour * 3_600_000)) / DAY_MS;
        const now = trough + ((peak - trough) * (1 + Math.cos(phase))) / 2;
        if (random.next() * peak < now) list.push(t);
      }
      return list.done();
    }
    case "trace": {
      const times = pattern.timestampsMs;
      if (times === null || typeof times !== "object" || typeof times.length !== "number") throw bad(`${field}.timestampsMs`, "must be a list of times in ms from the start.");
      const list = new TimeList(times.length);
      for (let i = 0; i < times.length; i++) {
        const t = times[i]!;
        if (!Number.isFinite(t) || t < 0) throw bad(`${field}.timestampsMs[${i}]`, `must be a time in ms from the start, 0 or more; got ${t}.`);
        if (t < durationMs) list.push(t);
      }
      return list.done().sort();
    }
    default:
      throw bad(`${field}.type`, `must be "constant", "poisson", "bursts", "daily" or "trace"; got ${JSON.stringify((pattern as { type?: unknown } | undefined)?.type)}.`);
  }
}
