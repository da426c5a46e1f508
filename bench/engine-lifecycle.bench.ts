import {
  createDockerEngine,
  createProcessEngine,
  createSimulatedEngine,
  createVirtualClock,
  ensureBaseImage,
  newSessionId,
  probeDocker,
  type ContainerEngine,
} from "minicloud";
import type { Benchmark, Measurement } from "./support/types.js";
import { median, round2, timeSpawn } from "./support/measure.js";

const RUNS = 9;

async function lifecycleMs(engine: ContainerEngine): Promise<number> {
  const started = performance.now();
  const c = await engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "0"] });
  await engine.startContainer(c.id);
  const exit = await engine.waitContainer(c.id);
  await engine.removeContainer(c.id);
  if (exit.exitCode !== 0) throw new Error(`node -e 0 exited ${exit.exitCode} on the ${engine.name} engine`);
  return performance.now() - started;
}

/** Interleaves the measurements (a, b, a, b...) after a warm-up, so both see the same machine. */
async function pairMedians(a: () => Promise<number> | number, b: () => Promise<number> | number): Promise<[number, number]> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return [median(as), median(bs)];
}

async function simulatedLifecyclesPerSecond(total: number): Promise<number> {
  const clock = createVirtualClock({ start: 0 });
  const engine = createSimulatedEngine({ sessionId: newSessionId(), clock });
  const batch = 10_000;
  const started = performance.now();
  for (let done = 0; done < total; done += batch) {
    const ids: string[] = [];
    for (let i = 0; i < batch; i++) ids.push((await engine.createContainer({ image: "minicloud/node", simulate: { runMs: 100 } })).id);
    for (const id of ids) await engine.startContainer(id);
    const exits = ids.map((id) => engine.waitContainer(id));
    await clock.advance(100);
    await Promise.all(exits);
    for (const id of ids) await engine.removeContainer(id);
  }
  const seconds = (performance.now() - started) / 1000;
  await engine.shutdown();
  return total / seconds;
}

/** Create → start → exit → remove of `node -e 0` on each engine, next to the floors measured in the same run. */
const benchmark: Benchmark = {
  name: "engine-lifecycle",
  description: "container lifecycle of `node -e 0` per engine vs bare spawn and `docker run --rm` (medians of 9)",
  async run() {
    const results: Measurement[] = [];
    const processEngine = createProcessEngine({ sessionId: newSessionId() });
    try {
      const [bare, proc] = await pairMedians(() => timeSpawn(process.execPath, ["-e", "0"]), () => lifecycleMs(processEngine));
      results.push(
        { metric: "bare_spawn_ms", value: round2(bare), unit: "ms" },
        { metric: "process_engine_ms", value: round2(proc), unit: "ms" },
        { metric: "process_vs_bare", value: round2(proc / bare), unit: "×", target: "≤ 1.25× bare spawn", met: proc / bare <= 1.25 },
      );
    } finally {
      await processEngine.shutdown();
    }

    if ((await probeDocker()).reachable) {
      const dockerEngine = createDockerEngine({ sessionId: newSessionId() });
      try {
        const base = (await ensureBaseImage(dockerEngine)).image.tags[0]!;
        const [cli, eng] = await pairMedians(() => timeSpawn("docker", ["run", "--rm", "--init", base, "node", "-e", "0"]), () => lifecycleMs(dockerEngine));
        results.push(
          { metric: "docker_cli_run_ms", value: round2(cli), unit: "ms" },
          { metric: "docker_engine_ms", value: round2(eng), unit: "ms" },
          { metric: "docker_vs_cli", value: round2(eng / cli), unit: "×", target: "≤ 1.15× docker run --rm", met: eng / cli <= 1.15 },
        );
      } finally {
        await dockerEngine.shutdown();
      }
    } else {
      results.push({ metric: "docker_engine_ms", value: Number.NaN, unit: "ms", target: "skipped: no Docker engine answers" });
    }

    const perSecond = await simulatedLifecyclesPerSecond(100_000);
    results.push({
      metric: "simulated_lifecycles_per_s",
      value: Math.round(perSecond),
      unit: "/s",
      target: "≥ 100,000 /s",
      met: perSecond >= 100_000,
    });
    return results;
  },
};
export default benchmark;
