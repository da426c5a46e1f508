// The Docker sandbox's image, built offline from minicloud's own base image (the host's `node` in a
// minimal root filesystem, see src/engines/base-image.ts): no registry is ever needed. It holds no
// minicloud code: the project's dist/, src/ and node_modules/ are mounted read-only into each container,
// and never the notebooks, assignments or instructor copies.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseImageTags, ensureBaseImage, ensureImageFromFolder, type ContainerEngine, type ImageInfo } from "minicloud";

/** The grader image's tag. */
export const GRADER_IMAGE = "minicloud/grader:latest";

/** The grader image's Dockerfile: the base image, and the environment every grading kernel runs with. */
export function graderDockerfile(base: string = baseImageTags()[0]): string {
  return [
    "# minicloud/grader: the kernel of one submission, in a container with no network (minicloud grade --sandbox docker).",
    `FROM ${base}`,
    // The checks run on minicloud's process engine: a container without a Docker socket has no other.
    "ENV LANG=C.UTF-8 HOME=/tmp/home TMPDIR=/tmp MINICLOUD_HOME=/tmp/.minicloud MINICLOUD_ENGINE=process",
    'LABEL minicloud.role="grader"',
    "",
  ].join("\n");
}

/** Makes sure the engine has the grader image (and the base image it is built from), building what is missing or out of date. */
export async function ensureGraderImage(engine: ContainerEngine): Promise<{ image: ImageInfo; built: boolean }> {
  await ensureBaseImage(engine);
  const context = mkdtempSync(join(tmpdir(), "minicloud-grader-image-"));
  try {
    writeFileSync(join(context, "Dockerfile"), graderDockerfile());
    return await ensureImageFromFolder(engine, GRADER_IMAGE, context);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
