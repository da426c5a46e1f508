import { MinicloudError } from "../core/errors.js";
import type { Random } from "../core/random.js";
import { modelledDurationMs } from "../pricing/memory-speed.js";
import type { ArrivalPattern } from "./arrivals.js";

/**
 * One function in a scale simulation: its memory, how much work an invocation and a cold start do,
 * its reserved concurrency, and how events arrive. Run times follow memory as Lambda gives CPU in
 * proportion to memory (see `modelledDurationMs`); the INIT defaults are illustrative (a small Node.js
 * package), not AWS figures — measure your own function in notebook 03 and put its numbers here.
 */
export interface SimulatedFunction {
  name: string;
  /** 128 to 10,240 MB, as Lambda allows. */
  memoryMB: number;
  /** CPU work of one invocation, in ms at a full vCPU (1,769 MB). */
  cpuMs: number;
  /** Time one invocation waits on I/O, which memory does not speed up (default 0). */
  ioMs?: number;
  /** CPU work of a cold start's INIT (loading the runtime and the code), in ms at a full vCPU (default 30). */
  initCpuMs?: number;
  /** Waiting during INIT (default 120). */
  initIoMs?: number;
  /** How much run times vary: the spread (sigma) of a log-normal factor with median 1 (default 0.25; 0 = always the same). */
  variability?: number;
  /** Reserved concurrency: at most this many at once, set aside from the account's pool. */
  reservedConcurrency?: number;
  /** How events arrive. */
  arrivals: ArrivalPattern;
}

/** A function's settings with every default filled in. */
export interface FunctionModel {
  name: string;
  memoryMB: number;
  reservedConcurrency: number | undefined;
  /** Median INIT and run time at this memory size, in ms. */
  initMs: number;
  durationMs: number;
  variability: number;
  arrivals: ArrivalPattern;
}

function bad(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", `${field} ${message}`, { field });
}

function nonNegative(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw bad(field, `must be a number of 0 or more; got ${v}.`);
  return v;
}

/** Checks a simulated function (fields named as `functions[i].field`) and fills in its defaults. */
export function functionModel(fn: SimulatedFunction, index: number, accountConcurrency: number): FunctionModel {
  const at = `functions[${index}]`;
  if (typeof fn?.name !== "string" || fn.name === "") throw bad(`${at}.name`, "must be a function name, e.g. \"thumbnails\".");
  if (!(Number.isInteger(fn.memoryMB) && fn.memoryMB >= 128 && fn.memoryMB <= 10_240)) throw bad(`${at}.memoryMB`, `must be a whole number from 128 to 10240; got ${fn.memoryMB}.`);
  const cpuMs = nonNegative(fn.cpuMs, Number.NaN, `${at}.cpuMs`);
  const ioMs = nonNegative(fn.ioMs, 0, `${at}.ioMs`);
  const variability = nonNegative(fn.variability, 0.25, `${at}.variability`);
  if (variability > 2) throw bad(`${at}.variability`, `must be at most 2 (a log-normal spread); got ${variability}.`);
  const reserved = fn.reservedConcurrency;
  if (reserved !== undefined && !(Number.isInteger(reserved) && reserved >= 0 && reserved <= accountConcurrency)) {
    throw bad(`${at}.reservedConcurrency`, `must be a whole number from 0 to the account limit (${accountConcurrency}); got ${reserved}.`);
  }
  return {
    name: fn.name,
    memoryMB: fn.memoryMB,
    reservedConcurrency: reserved,
    initMs: modelledDurationMs(nonNegative(fn.initCpuMs, 30, `${at}.initCpuMs`), nonNegative(fn.initIoMs, 120, `${at}.initIoMs`), fn.memoryMB),
    durationMs: modelledDurationMs(cpuMs, ioMs, fn.memoryMB),
    variability,
    arrivals: fn.arrivals,
  };
}

/** A log-normal factor with median 1 and spread `sigma` (Box–Muller): run times are skewed, never negative. */
export function spreadFactor(random: Random, sigma: number): number {
  if (sigma === 0) return 1;
  const z = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return Math.exp(sigma * z);
}
