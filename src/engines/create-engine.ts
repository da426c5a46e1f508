import type { Clock } from "../core/clock.js";
import { createDockerEngine } from "./docker-engine.js";
import type { EngineName } from "./engine-choice.js";
import { createProcessEngine } from "./process-engine.js";
import { createSimulatedEngine } from "./simulated-engine.js";
import type { ContainerEngine } from "./types.js";

/** What every engine is made with. */
export interface EngineOptions {
  sessionId: string;
  clock?: Clock;
  /** Where the process engine keeps its images (default `minicloudHome()`). */
  home?: string;
  /** Seeds the simulated engine. */
  seed?: number;
}

/** Makes the named engine for a session. */
export function createEngine(name: EngineName, options: EngineOptions): ContainerEngine {
  const common = { sessionId: options.sessionId, ...(options.clock ? { clock: options.clock } : {}) };
  switch (name) {
    case "docker":
      return createDockerEngine(common);
    case "process":
      return createProcessEngine({ ...common, ...(options.home ? { home: options.home } : {}) });
    case "simulated":
      return createSimulatedEngine({ ...common, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  }
}
