// A throwaway minicloud session for checking ECS answers: its own cluster, nothing shared with the
// learner's session, removed afterwards whatever happens.
import { Cloud } from "../../cloud.js";
import { ensureBaseImage } from "../../engines/base-image.js";
import type { EngineChoice } from "../../engines/engine-choice.js";

/** Runs `body` with a fresh session on `engine` (the simulated one by default: checks stay fast). */
export async function withEcs<T>(body: (cloud: Cloud) => Promise<T>, engine: EngineChoice = "simulated"): Promise<T> {
  const cloud = await Cloud.start({ engine, seed: 1 });
  try {
    await ensureBaseImage(cloud.engine);
    return await body(cloud);
  } finally {
    await cloud.shutdown();
  }
}

/** An error ECS answered with, as feedback quotes it: its AWS name, its message and the field at fault. */
export function describeRefusal(error: unknown): string {
  const e = error as { name?: string; message?: string; field?: string };
  return `${e.name}: ${e.message}${e.field ? ` (field ${e.field})` : ""}`;
}
