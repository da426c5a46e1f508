import { createServer, request, Agent } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { Cloud, probeDocker, type EngineName } from "minicloud";
import type { Benchmark, Measurement } from "./support/types.js";
import { median, percentile, round2, timeSpawn } from "./support/measure.js";

const HANDLER = "exports.handler = async (event) => ({ ok: true, n: event.n });";
const COLD_RUNS = 7;
const WARM_INVOKES = 1000;
const THROUGHPUT_MS = 3000;
const IN_FLIGHT = 8;
const INLINE_INVOKES = 20_000;

/** A loopback HTTP round trip with keep-alive: the least an invocation through the Runtime API can cost. */
async function loopbackRoundTripMs(): Promise<number> {
  const server = createServer((_, res) => res.end("{}"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const agent = new Agent({ keepAlive: true });
  const port = (server.address() as AddressInfo).port;
  const once = () =>
    new Promise<void>((resolve) => request({ host: "127.0.0.1", port, agent, path: "/" }, (res) => res.resume().on("end", resolve)).end());
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  agent.destroy();
  server.close();
  return median(times);
}

/**
 * Cold starts, each of a new function, interleaved with runs of the floor (floor, cold, floor, cold...)
 * so that both see the same machine, as the engine-lifecycle bench pairs its floor. A first round of
 * each is not counted: the session's first environment also starts the session's AWS endpoint, and
 * the first spawn warms up the spawning code.
 */
async function coldStartsNextToFloor(cloud: Cloud, floor: () => Promise<number>): Promise<{ cold: number; floor: number }> {
  const colds: number[] = [];
  const floors: number[] = [];
  for (let i = -1; i < COLD_RUNS; i++) {
    await cloud.lambda.createFunction({ FunctionName: `cold${i + 1}`, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: HANDLER } });
    // Away from the last environment's teardown, which would slow the floor and flatter the ratio.
    const floorMs = await floor();
    const t = performance.now();
    await cloud.lambda.invoke({ FunctionName: `cold${i + 1}`, Payload: { n: i } });
    const coldMs = performance.now() - t;
    await cloud.lambda.deleteFunction({ FunctionName: `cold${i + 1}` });
    if (i < 0) continue;
    colds.push(coldMs);
    floors.push(floorMs);
  }
  return { cold: median(colds), floor: median(floors) };
}

async function measureEngine(engine: EngineName, floor: () => Promise<number>): Promise<{ floor: number; cold: number; results: Measurement[] }> {
  const cloud = await Cloud.start({ engine });
  try {
    const colds = await coldStartsNextToFloor(cloud, floor);
    await cloud.lambda.createFunction({ FunctionName: "warm", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: HANDLER } });
    await cloud.lambda.invoke({ FunctionName: "warm", Payload: { n: 0 } });
    const warm: number[] = [];
    for (let i = 0; i < WARM_INVOKES; i++) {
      const t = performance.now();
      await cloud.lambda.invoke({ FunctionName: "warm", Payload: { n: i } });
      warm.push(performance.now() - t);
    }
    // Throughput: IN_FLIGHT callers invoking back to back (one warm environment each after the first round).
    let count = 0;
    const deadline = performance.now() + THROUGHPUT_MS;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (performance.now() < deadline) {
          await cloud.lambda.invoke({ FunctionName: "warm", Payload: { n: count } });
          count++;
        }
      }),
    );
    const results: Measurement[] = [
      { metric: `${engine}_cold_start_ms`, value: round2(colds.cold), unit: "ms" },
      { metric: `${engine}_warm_p50_ms`, value: round2(percentile(warm, 50)), unit: "ms", ...(engine === "process" ? { target: "≤ 0.5 ms", met: percentile(warm, 50) <= 0.5 } : {}) },
      { metric: `${engine}_warm_p99_ms`, value: round2(percentile(warm, 99)), unit: "ms" },
      {
        metric: `${engine}_invokes_per_s`,
        value: Math.round(count / (THROUGHPUT_MS / 1000)),
        unit: "/s",
        ...(engine === "process" ? { target: "≥ 2,000 /s", met: count / (THROUGHPUT_MS / 1000) >= 2000 } : {}),
      },
    ];
    return { ...colds, results };
  } finally {
    await cloud.shutdown();
  }
}

/**
 * An inline function's invoke against calling the same closure directly: what minicloud's invocation
 * rules cost (payload checks, concurrency, JSON in and out, context, START/END/REPORT, meter), in µs.
 */
async function inlineOverheadUs(): Promise<{ direct: number; inline: number }> {
  const handler = async (event: { n: number }) => ({ ok: true, n: event.n });
  const cloud = await Cloud.start({ engine: "process" });
  try {
    await cloud.lambda.createFunction({ FunctionName: "inline", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Inline: handler } });
    const direct: number[] = [];
    const inline: number[] = [];
    // Interleaved, so both see the same machine load; the first rounds warm up the JIT.
    for (let i = 0; i < INLINE_INVOKES; i++) {
      let t = performance.now();
      await handler({ n: i });
      direct.push(performance.now() - t);
      t = performance.now();
      await cloud.lambda.invoke({ FunctionName: "inline", Payload: { n: i } });
      inline.push(performance.now() - t);
    }
    return { direct: median(direct.slice(INLINE_INVOKES / 5)) * 1000, inline: median(inline.slice(INLINE_INVOKES / 5)) * 1000 };
  } finally {
    await cloud.shutdown();
  }
}

/** The same handler through the npm package lambda-local, in this process: a peer for in-process invocation. */
async function lambdaLocalWarmMs(): Promise<number> {
  const lambdaLocal = createRequire(import.meta.url)("lambda-local") as {
    setLogger(l: object): void;
    execute(o: object): Promise<unknown>;
  };
  const quiet = () => undefined;
  lambdaLocal.setLogger({ log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, verbose: quiet, level: "error", transports: [] });
  const handler = async (event: { n: number }) => ({ ok: true, n: event.n });
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await lambdaLocal.execute({ event: { n: i }, lambdaFunc: { handler }, lambdaHandler: "handler", verboseLevel: 0, timeoutMs: 3000 });
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Lambda invocations on the process and docker engines, next to floors measured in the same run. */
const benchmark: Benchmark = {
  name: "lambda",
  description: "cold start, warm latency and throughput per engine; inline invoke overhead; floors: bare spawn, docker run, loopback HTTP, a direct closure call; peer: lambda-local",
  async run() {
    const results: Measurement[] = [];
    results.push({ metric: "floor_loopback_http_ms", value: round2(await loopbackRoundTripMs()), unit: "ms" });
    const proc = await measureEngine("process", () => timeSpawn(process.execPath, ["-e", "0"]));
    results.push(
      { metric: "floor_bare_spawn_ms", value: round2(proc.floor), unit: "ms" },
      ...proc.results,
      { metric: "process_cold_vs_spawn", value: round2(proc.cold / proc.floor), unit: "×", target: "≤ 1.3× bare spawn", met: proc.cold / proc.floor <= 1.3 },
    );
    if ((await probeDocker()).reachable) {
      const docker = await measureEngine("docker", () => timeSpawn("docker", ["run", "--rm", "--init", "minicloud/node", "node", "-e", "0"]));
      results.push(
        { metric: "floor_docker_run_ms", value: round2(docker.floor), unit: "ms" },
        ...docker.results,
        { metric: "docker_cold_vs_run", value: round2(docker.cold / docker.floor), unit: "×", target: "≤ 1.2× docker run", met: docker.cold / docker.floor <= 1.2 },
      );
    }
    const inline = await inlineOverheadUs();
    results.push(
      { metric: "floor_direct_closure_us", value: round2(inline.direct), unit: "µs" },
      { metric: "inline_invoke_us", value: round2(inline.inline), unit: "µs" },
      { metric: "inline_overhead_us", value: round2(inline.inline - inline.direct), unit: "µs", target: "≤ 20 µs over the closure", met: inline.inline - inline.direct <= 20 },
    );
    results.push({ metric: "peer_lambda_local_ms", value: round2(await lambdaLocalWarmMs()), unit: "ms" });
    return results;
  },
};
export default benchmark;
