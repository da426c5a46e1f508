import type { Clock } from "../core/clock.js";
import type { ExecutionEnvironment } from "./execution-environment.js";
import type { VersionRecord } from "./function-store.js";

/** Options for {@link createEnvironmentPool}. */
export interface EnvironmentPoolOptions {
  clock: Clock;
  /** How long an environment may sit idle before it is shut down. */
  idleReclaimMs: number;
  /** Starts a new environment for a version (a cold start). */
  start(version: VersionRecord): Promise<ExecutionEnvironment>;
}

/**
 * The warm environments of every version: an invocation claims an idle one or starts one cold, gives it
 * back when done, and an environment idle for `idleReclaimMs` is shut down, as Lambda reclaims them.
 */
export function createEnvironmentPool({ clock, idleReclaimMs, start }: EnvironmentPoolOptions) {
  // Claimed synchronously, so two invocations arriving together never get the same environment.
  const claimed = new Set<ExecutionEnvironment>();
  const reclaimTimers = new Map<ExecutionEnvironment, { cancel(): void }>();

  const cancelReclaim = (environment: ExecutionEnvironment): void => {
    reclaimTimers.get(environment)?.cancel();
    reclaimTimers.delete(environment);
  };

  return {
    /** A warm environment is reused (no INIT; module state and /tmp as the last invocation left them); else a new one starts cold. */
    async claim(version: VersionRecord): Promise<ExecutionEnvironment> {
      const idle = version.environments.find((e) => e.state === "idle" && !claimed.has(e));
      if (idle) {
        claimed.add(idle);
        cancelReclaim(idle);
        return idle;
      }
      const environment = await start(version);
      claimed.add(environment);
      version.environments.push(environment);
      return environment;
    },

    /** Gives an environment back after an invocation: kept warm, or forgotten when it was lost. */
    release(version: VersionRecord, environment: ExecutionEnvironment, lost: boolean): void {
      claimed.delete(environment);
      if (lost || environment.state === "shut down") {
        version.environments = version.environments.filter((e) => e !== environment);
        return;
      }
      cancelReclaim(environment);
      reclaimTimers.set(
        environment,
        clock.setTimer(idleReclaimMs, () => {
          reclaimTimers.delete(environment);
          if (environment.state !== "idle" || claimed.has(environment)) return;
          version.environments = version.environments.filter((e) => e !== environment);
          void environment.shutdown();
        }),
      );
    },

    /** Shuts down a version's environments (new code or settings mean new environments). */
    async retire(version: VersionRecord): Promise<void> {
      const old = version.environments.splice(0);
      for (const environment of old) cancelReclaim(environment);
      await Promise.all(old.map((e) => e.shutdown()));
    },

    /** Cancels every reclaim timer (the session is ending). */
    stop(): void {
      for (const timer of reclaimTimers.values()) timer.cancel();
      reclaimTimers.clear();
    },
  };
}
