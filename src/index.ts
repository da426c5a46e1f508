/**
 * minicloud: a mini-runtime that runs Lambda-style functions and ECS-style tasks for real, for learning.
 * This file is the one public entry: `import { Cloud } from "minicloud"`.
 */
export { Cloud, type CloudOptions } from "./cloud.js";
export { isMinicloudError, MinicloudError, packageRoot, VERSION } from "./core/index.js";
export {
  decideEngine,
  isEngineChoice,
  probeDocker,
  type DockerProbe,
  type DockerProbeOptions,
  type EngineChoice,
  type EngineDecision,
  type EngineName,
} from "./engines/index.js";
export {
  display,
  escapeHtml,
  html,
  isDisplayable,
  isVegaLiteSpec,
  markdown,
  plainText,
  renderSvg,
  setDisplaySink,
  toMimeBundle,
  vegaLiteBundle,
  VEGA_LITE_MIME,
  type Displayable,
  type DisplaySink,
  type MimeBundle,
} from "./viz/index.js";
