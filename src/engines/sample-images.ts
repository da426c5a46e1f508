import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { isMinicloudError } from "../core/errors.js";
import { packageRoot } from "../core/package-root.js";
import type { ContainerEngine, ImageInfo } from "./types.js";

/** The label holding a digest of an image's source folder, so an unchanged image is not rebuilt. */
export const SOURCE_DIGEST_LABEL = "minicloud.source-digest";

/** The course's sample apps: each folder of `images/` with a Dockerfile, tagged `minicloud/<folder>:latest`. */
export function sampleImageFolders(root: string = packageRoot()): { tag: string; context: string }[] {
  const dir = join(root, "images");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, "Dockerfile")))
    .sort()
    .map((name) => ({ tag: `minicloud/${name}:latest`, context: join(dir, name) }));
}

function folderDigest(folder: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      hash.update(relative(folder, path));
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(folder);
  return hash.digest("hex");
}

/** The image a Dockerfile builds FROM (its first FROM line). */
function fromImage(context: string): string | undefined {
  return /^\s*FROM\s+(\S+)/im.exec(readFileSync(join(context, "Dockerfile"), "utf8"))?.[1];
}

/**
 * Builds an image from a folder unless the engine already has it built from the same files on the
 * same base image (a rebuilt base image means a rebuild, as Docker's cache would decide).
 */
export async function ensureImageFromFolder(engine: ContainerEngine, tag: string, context: string): Promise<{ image: ImageInfo; built: boolean }> {
  const base = fromImage(context);
  const baseId = base === undefined ? "" : await engine.inspectImage(base).then((i) => i.id, () => "");
  const digest = createHash("sha256").update(folderDigest(context)).update(baseId).digest("hex");
  try {
    const existing = await engine.inspectImage(tag);
    if (existing.config.labels[SOURCE_DIGEST_LABEL] === digest) return { image: existing, built: false };
  } catch (error) {
    if (!isMinicloudError(error, "ImageNotFound")) throw error;
  }
  const image = await engine.buildImage({ context, tag, labels: { [SOURCE_DIGEST_LABEL]: digest } });
  return { image, built: true };
}
