import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { MinicloudError } from "../core/errors.js";
import { ensureBaseImage } from "../engines/base-image.js";
import type { ContainerEngine } from "../engines/types.js";
import { packageCode } from "./code-package.js";
import type { FunctionCode, Runtime } from "./function-config.js";
import type { CodeArtifact } from "./function-store.js";

/** Code deployed for a function: what its environments run, and AWS's CodeSha256 and CodeSize. */
export interface DeployedCode {
  artifact: CodeArtifact;
  codeSha256: string;
  codeSize: number;
}

/**
 * Deploys a function's code: packaged into an image on the session's engine (its environments are
 * containers), or, for `Inline` code, kept as the function value itself (run in this process).
 */
export function createCodeDeployer(engine: ContainerEngine) {
  let baseImageReady: Promise<unknown> | undefined;
  return async (name: string, code: FunctionCode, runtime: Runtime, handler: string): Promise<DeployedCode> => {
    if (code !== null && typeof code === "object" && "Inline" in code) {
      if (typeof code.Inline !== "function") {
        throw new MinicloudError("InvalidParameterValueException", "Code.Inline must be a function, e.g. async (event, context) => ({ ok: true }).", { field: "Code.Inline" });
      }
      if (!runtime.startsWith("nodejs")) {
        throw new MinicloudError("InvalidParameterValueException", `Inline code runs in this Node.js process; its Runtime must be a nodejs runtime, not ${runtime}.`, { field: "Runtime" });
      }
      const source = code.Inline.toString();
      return { artifact: { inline: code.Inline }, codeSha256: createHash("sha256").update(source).digest("base64"), codeSize: Buffer.byteLength(source) };
    }
    const packaged = await packageCode(code, runtime, handler);
    try {
      baseImageReady ??= ensureBaseImage(engine);
      await baseImageReady;
      const image = `minicloud-lambda/${name.toLowerCase()}:${Buffer.from(packaged.codeSha256, "base64").toString("hex").slice(0, 12)}`;
      await engine.buildImage({ context: packaged.context, tag: image, labels: { "minicloud.lambda.function": name } });
      return { artifact: { image }, codeSha256: packaged.codeSha256, codeSize: packaged.codeSize };
    } finally {
      rmSync(packaged.context, { recursive: true, force: true });
    }
  };
}
