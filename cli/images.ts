import { Cloud, ensureBaseImage, ensureImageFromFolder, sampleImageFolders, type EngineChoice } from "minicloud";

/** `minicloud images build`: the base image and the course's sample images, built offline, skipping those already built. */
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
    return 0;
  } finally {
    await cloud.shutdown();
  }
}
