export { baseImageTags, ensureBaseImage } from "./base-image.js";
export { cleanStaleSessions, type CleanOptions, type CleanReport } from "./clean.js";
export { createEngine, type EngineOptions } from "./create-engine.js";
export { createDockerEngine, type DockerEngineOptions } from "./docker-engine.js";
export { probeDocker, type DockerProbe, type DockerProbeOptions } from "./docker-probe.js";
export { parseDockerfile, SUPPORTED_INSTRUCTIONS, type Instruction } from "./dockerfile.js";
export { decideEngine, isEngineChoice, type EngineChoice, type EngineDecision, type EngineName } from "./engine-choice.js";
export { normalizeImageRef } from "./image-ref.js";
export { SESSION_LABEL } from "./labels.js";
export { sessionsDir } from "./session-records.js";
export { waitForHttp, type HttpAnswer } from "./wait-for-http.js";
export { createProcessEngine, type ProcessEngineOptions } from "./process-engine.js";
export { ensureImageFromFolder, sampleImageFolders, SOURCE_DIGEST_LABEL } from "./sample-images.js";
export { createSimulatedEngine, type SimulatedEngineOptions } from "./simulated-engine.js";
export type {
  BuildOptions,
  ContainerEngine,
  ContainerSpec,
  ContainerState,
  ContainerStats,
  ContainerStatus,
  ExecResult,
  ExitStatus,
  ImageConfig,
  ImageInfo,
  ImportOptions,
  LogLine,
  Mount,
  NetworkInfo,
  PortMapping,
  PublishedPort,
  SimulatedBehaviour,
} from "./types.js";
