import { MinicloudError } from "../core/errors.js";
import { probeDocker, type DockerProbe } from "./docker-probe.js";

/** The container engines minicloud can run on. */
export type EngineName = "docker" | "process" | "simulated";

/** What a caller may ask for: a named engine, or `auto` (Docker when it answers, else the embedded process engine). */
export type EngineChoice = EngineName | "auto";

const ENGINE_CHOICES: readonly EngineChoice[] = ["auto", "docker", "process", "simulated"];

/** True when `value` names an engine choice. */
export function isEngineChoice(value: unknown): value is EngineChoice {
  return typeof value === "string" && (ENGINE_CHOICES as readonly string[]).includes(value);
}

/** The engine a choice resolves to, and why. */
export interface EngineDecision {
  engine: EngineName;
  reason: string;
  docker?: DockerProbe;
}

/**
 * Resolves an engine choice. `MINICLOUD_ENGINE` in the environment overrides `auto`, so a lab can
 * run every notebook on one engine without editing them.
 */
export async function decideEngine(choice: EngineChoice = "auto"): Promise<EngineDecision> {
  const fromEnv = process.env["MINICLOUD_ENGINE"];
  if (choice === "auto" && fromEnv !== undefined && fromEnv !== "" && fromEnv !== "auto") {
    if (!isEngineChoice(fromEnv)) {
      throw new MinicloudError(
        "InvalidParameterValueException",
        `MINICLOUD_ENGINE is "${fromEnv}"; set it to one of ${ENGINE_CHOICES.join(", ")} or leave it unset.`,
        { field: "MINICLOUD_ENGINE" },
      );
    }
    return { engine: fromEnv as EngineName, reason: "MINICLOUD_ENGINE is set" };
  }
  if (choice !== "auto") return { engine: choice, reason: "asked for by name" };
  const docker = await probeDocker();
  return docker.reachable
    ? { engine: "docker", reason: `a Docker engine answered (${docker.version ?? "unknown version"})`, docker }
    : { engine: "process", reason: `no Docker engine answered at ${docker.host}: ${docker.reason ?? ""}`, docker };
}
