import type { Clock, Timer } from "../../core/clock.js";
import type { ContainerEngine } from "../../engines/types.js";
import type { HealthCheck } from "../ecs-types.js";

/** A container's health as ECS reports it. */
export type HealthStatus = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

/**
 * Runs a container's health check the way the ECS agent has Docker do it: first after `interval`,
 * then every `interval`; a run longer than `timeout` fails; `retries` failures in a row make the
 * container UNHEALTHY, one success makes it HEALTHY; failures inside `startPeriod` do not count.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 */
export function monitorHealth(options: {
  engine: ContainerEngine;
  clock: Clock;
  containerId: string;
  check: HealthCheck;
  onChange: (status: HealthStatus, output: string) => void;
}): { stop(): void } {
  const { engine, clock, containerId, check, onChange } = options;
  const intervalMs = (check.interval ?? 30) * 1000;
  const timeoutMs = (check.timeout ?? 5) * 1000;
  const startedAt = clock.now();
  const [kind, ...rest] = check.command ?? [];
  // CMD-SHELL runs through the image's shell, as Docker does: an image without /bin/sh fails its check.
  const command = kind === "CMD-SHELL" ? ["/bin/sh", "-c", rest.join(" ")] : rest;
  let status: HealthStatus = "UNKNOWN";
  let failures = 0;
  let timer: Timer | undefined;
  let stopped = false;

  const probe = async (): Promise<{ ok: boolean; output: string }> => {
    if (engine.name === "simulated") return { ok: true, output: "simulated engine: nothing runs, so checks pass" };
    let timeout: Timer | undefined;
    const timedOut = new Promise<{ ok: boolean; output: string }>((resolve) => {
      timeout = clock.setTimer(timeoutMs, () => resolve({ ok: false, output: `health check timed out after ${timeoutMs / 1000} s` }));
    });
    try {
      return await Promise.race([
        engine.exec(containerId, command).then((r) => ({ ok: r.exitCode === 0, output: (r.stdout + r.stderr).trim() })),
        timedOut,
      ]);
    } catch (error) {
      return { ok: false, output: (error as Error).message };
    } finally {
      timeout?.cancel();
    }
  };

  const tick = async (): Promise<void> => {
    const { ok, output } = await probe();
    if (stopped) return;
    if (ok) {
      failures = 0;
      if (status !== "HEALTHY") onChange((status = "HEALTHY"), output);
    } else if (clock.now() - startedAt >= (check.startPeriod ?? 0) * 1000 || status === "HEALTHY") {
      failures += 1;
      if (failures >= (check.retries ?? 3) && status !== "UNHEALTHY") onChange((status = "UNHEALTHY"), output);
    }
    if (!stopped) timer = clock.setTimer(intervalMs, () => void tick());
  };
  timer = clock.setTimer(intervalMs, () => void tick());
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
