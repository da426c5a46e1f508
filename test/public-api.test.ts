import { describe, expect, it } from "vitest";
import * as minicloud from "minicloud";
import * as kernelExt from "../kernel-ext/index.js";

// Pins the public names so nothing leaks out of the library by accident: adding one is a decision.
describe("public API", () => {
  it("exposes exactly the documented names from minicloud", () => {
    expect(Object.keys(minicloud).sort()).toEqual(
      [
        "Cloud",
        "MinicloudError",
        "SESSION_LABEL",
        "SOURCE_DIGEST_LABEL",
        "SUPPORTED_INSTRUCTIONS",
        "VEGA_LITE_MIME",
        "VEGA_LITE_SCHEMA",
        "VERSION",
        "baseImageTags",
        "check",
        "cleanStaleSessions",
        "clearOutput",
        "compareWithReference",
        "connectKernel",
        "createDockerEngine",
        "createEngine",
        "createProcessEngine",
        "createRandom",
        "createRealClock",
        "createSimulatedEngine",
        "createVirtualClock",
        "decideEngine",
        "defineExercises",
        "display",
        "ensureBaseImage",
        "ensureImageFromFolder",
        "escapeHtml",
        "exerciseIds",
        "html",
        "isDisplayable",
        "isEngineChoice",
        "isMinicloudError",
        "isVegaLiteSpec",
        "markdown",
        "minicloudHome",
        "newSessionId",
        "normalizeImageRef",
        "packageRoot",
        "page",
        "parseDockerfile",
        "plainText",
        "probeDocker",
        "renderSvg",
        "sampleImageFolders",
        "table",
        "toMimeBundle",
        "vegaLiteBundle",
        "waitForHttp",
      ].sort(),
    );
  });

  it("exposes exactly the documented names from minicloud/kernel-ext", () => {
    expect(Object.keys(kernelExt).sort()).toEqual(
      [
        "KERNEL_DISPLAY_NAME",
        "KERNEL_NAME",
        "desiredKernelspec",
        "doctor",
        "doctorBundle",
        "findJupyter",
        "formatDoctorReport",
        "installKernelspec",
        "isKernelspecCurrent",
        "jupyterDataDir",
        "jupyterEnv",
        "kernelspecDir",
        "manualJupyterInstructions",
        "planJupyterInstall",
        "probePython",
        "pythonCandidates",
        "readKernelspec",
        "runDoctor",
        "runJupyterInstall",
      ].sort(),
    );
  });
});
