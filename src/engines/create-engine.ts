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
  /** The lab the session belongs to, written in its session record. */
  lab?: string;
}

/** Makes the named engine for a session. */
export function createEngine(name: EngineName, options: EngineOptions): ContainerEngine {
  const common = { sessionId: options.sessionId, ...(options.clock ? { clock: options.clock } : {}) };
  const lab = options.lab !== undefined ? { lab: options.lab } : {};
  switch (name) {
    case "docker":
      return createDockerEngine({ ...common, ...lab });
    case "process":
      return createProcessEngine({ ...common, ...lab, ...(options.home ? { home: options.home } : {}) });
    case "simulated":
      return createSimulatedEngine({ ...common, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  }
}
