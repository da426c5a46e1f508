import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock.js";
import type { ContainerEngine } from "../engines/types.js";
import { logStreamName, timedOutError, type EnvironmentState, type ExecutionEnvironment } from "./environment-types.js";
import type { FunctionConfiguration } from "./function-config.js";

/**
 * How a function behaves on the simulated engine, which runs no code (minicloud's own setting):
 * INIT and each invocation take the time the model says on the session's clock, and the invocation
 * answers `response`. Defaults: INIT 150 ms, 10 ms per invocation, 64 MB used, answer `null`.
 */
export interface SimulationModel {
  initDurationMs?: number;
  /** Each invocation's run time; above the function's Timeout it times out as on AWS. */
  durationMs?: number;
  maxMemoryUsedMB?: number;
  /** The JSON value every invocation answers. */
  response?: unknown;
}

/** Options for {@link createSimulatedEnvironment}. */
export interface SimulatedEnvironmentOptions {
  engine: ContainerEngine;
  clock: Clock;
  config: FunctionConfiguration;
  image: string;
  model: SimulationModel;
}

/**
 * An execution environment on the simulated engine: a container that lives on the clock, with INIT
 * and invocations that take modelled time, so notebooks and scale experiments on the simulated engine
 * still see cold starts, warm reuse, concurrency, timeouts, logs and the bill — in virtual time.
 */
export async function createSimulatedEnvironment({ engine, clock, config, image, model }: SimulatedEnvironmentOptions): Promise<ExecutionEnvironment> {
  const id = randomBytes(16).toString("hex");
  const memoryMB = model.maxMemoryUsedMB ?? 64;
  const container = await engine.createContainer({
    image,
    memoryMiB: config.MemorySize,
    labels: { "minicloud.lambda.function": config.FunctionName, "minicloud.lambda.environment": id },
    simulate: { memoryMiB: memoryMB },
  });
  await engine.startContainer(container.id);
  const initDurationMs = model.initDurationMs ?? 150;
  const initialized = clock.sleep(initDurationMs);
  let initReported = false;
  const body = JSON.stringify(model.response === undefined ? null : model.response);
  const environment: ExecutionEnvironment & { state: EnvironmentState; lastUsed: number } = {
    id,
    logStreamName: logStreamName(clock, config.Version, id),
    isolation: "container",
    state: "initializing",
    lastUsed: clock.now(),
    async invoke(requestId) {
      await initialized;
      const init = initReported ? {} : { initDurationMs };
      initReported = true;
      environment.state = "busy";
      const timeoutMs = config.Timeout * 1000;
      const runMs = Math.min(model.durationMs ?? 10, timeoutMs);
      await clock.sleep(runMs);
      environment.lastUsed = clock.now();
      const timedOut = (model.durationMs ?? 10) > timeoutMs;
      if (timedOut) await environment.shutdown();
      else environment.state = "idle";
      return {
        outcome: timedOut ? { kind: "error", error: timedOutError(requestId, config.Timeout) } : { kind: "response", body },
        durationMs: runMs,
        ...init,
        maxMemoryUsedMB: memoryMB,
        environmentLost: timedOut,
      };
    },
    async shutdown() {
      if (environment.state === "shut down") return;
      environment.state = "shut down";
      await engine.removeContainer(container.id, { force: true }).catch(() => undefined);
    },
  };
  return environment;
}
