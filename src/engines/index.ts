export { probeDocker, type DockerProbe, type DockerProbeOptions } from "./docker-probe.js";
export { decideEngine, isEngineChoice, type EngineChoice, type EngineDecision, type EngineName } from "./engine-choice.js";
