import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MinicloudError } from "../core/errors.js";
import { parseDockerfile } from "./dockerfile.js";
import { planImage, type ImagePlan } from "./image-config.js";
import type { BuildOptions, ImageConfig } from "./types.js";

/**
 * Reads and plans a build for the embedded engines: parses the Dockerfile, applies it to the base
 * image's settings (looked up with `baseConfig`), and checks every COPY source is in the context.
 */
export async function planBuild(build: BuildOptions, baseConfig: (ref: string) => ImageConfig): Promise<ImagePlan> {
  const file = build.dockerfile ?? "Dockerfile";
  const path = join(build.context, file);
  if (!existsSync(path)) {
    throw new MinicloudError("InvalidDockerfile", `No ${file} in the build context ${resolve(build.context)}; create one or pass its name as dockerfile.`, {
      field: "dockerfile",
    });
  }
  const instructions = parseDockerfile(await readFile(path, "utf8"), file);
  const from = instructions[0];
  if (from?.kind !== "FROM") throw new Error("expected parseDockerfile to return FROM first");
  const plan = planImage(instructions, baseConfig(from.image));
  Object.assign(plan.config.labels, build.labels);
  for (const copy of plan.copies) {
    for (const source of copy.sources) {
      const inside = resolve(build.context, source);
      if (!inside.startsWith(resolve(build.context))) {
        throw new MinicloudError("InvalidDockerfile", `${file}:${copy.line}: COPY ${source} points outside the build context.`, { field: `${file}:${copy.line}` });
      }
      if (!existsSync(inside)) {
        throw new MinicloudError("InvalidDockerfile", `${file}:${copy.line}: COPY source ${source} is not in the build context ${resolve(build.context)}.`, {
          field: `${file}:${copy.line}`,
        });
      }
    }
  }
  return plan;
}
