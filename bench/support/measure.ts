import { spawn, spawnSync } from "node:child_process";

/** The median of a list of numbers. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error("expected at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall-clock milliseconds of one run of a command, which must succeed. */
export function timeCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: "ignore", ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(" ")}\` exited ${result.status ?? result.signal}`);
  return ms;
}

/**
 * Times commands interleaved (a, b, a, b, ...) so that both see the same machine load, after one
 * warm-up run each; returns the median of each.
 */
export function interleavedMedians(runs: number, commands: (() => number)[]): number[] {
  for (const command of commands) command();
  const samples = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) commands.forEach((command, j) => samples[j]!.push(command()));
  return samples.map(median);
}

/** Rounds to two decimals for the table. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * One run of a command, spawned asynchronously as the engines spawn, which must succeed. It gets a clean
 * environment, as a container does: the host's may hold settings (NODE_EXTRA_CA_CERTS) that cost Node
 * tens of ms.
 */
export async function timeSpawn(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: "ignore", env: { PATH: process.env["PATH"] ?? "" } });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}`);
  return performance.now() - started;
}

/** The p-th percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
