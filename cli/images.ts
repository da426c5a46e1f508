import { Cloud, ensureBaseImage, ensureImageFromFolder, sampleImageFolders, type EngineChoice } from "minicloud";
import { ensureGraderImage } from "../kernel-ext/grader/index.js";

/** `minicloud images build`: the base image, the course's sample images and (on Docker) the grading sandbox's, built offline, skipping those already built. */
export async function buildImages(engine: EngineChoice): Promise<number> {
  const cloud = await Cloud.start({ engine });
  try {
    console.log(`Building minicloud's images on the ${cloud.engine.name} engine (${cloud.engineReason})`);
    const base = await ensureBaseImage(cloud.engine);
    console.log(`  ${base.built ? "built  " : "present"}  ${base.image.tags.join(", ")}`);
    for (const { tag, context } of sampleImageFolders()) {
      const started = Date.now();
      const result = await ensureImageFromFolder(cloud.engine, tag, context);
      console.log(`  ${result.built ? "built  " : "present"}  ${tag}${result.built ? ` (${Date.now() - started} ms)` : ""}`);
    }
    // `minicloud grade` runs each submission in a container of this image when Docker answers.
    if (cloud.engine.name === "docker") {
      const grader = await ensureGraderImage(cloud.engine);
      console.log(`  ${grader.built ? "built  " : "present"}  ${grader.image.tags.join(", ")}`);
    }
    return 0;
  } finally {
    await cloud.shutdown();
  }
}
