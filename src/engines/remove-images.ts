import { existsSync } from "node:fs";
import { join } from "node:path";
import { probeDocker } from "./docker-probe.js";
import { ImageStore } from "./process/image-store.js";

/** Options for {@link removeLabelledImages}. */
export interface RemoveImagesOptions {
  /** The minicloud home whose embedded-engine images to look at. */
  home: string;
  /** Look on the Docker engine too (default: yes, when one answers). */
  docker?: boolean;
}

/** What {@link removeLabelledImages} removed: image references (a tag, or an id when untagged). */
export interface RemovedImages {
  process: string[];
  docker: string[];
}

/**
 * Removes the images that carry every one of `labels` — from the embedded engine's store in `home` and
 * from the Docker engine — whichever session built them. Images without those labels stay, base images
 * and other people's included.
 */
export async function removeLabelledImages(labels: Record<string, string>, options: RemoveImagesOptions): Promise<RemovedImages> {
  if (Object.keys(labels).length === 0) throw new Error("expected at least one label to choose images by");
  const removed: RemovedImages = { process: [], docker: [] };
  const carries = (have: Record<string, string> | null | undefined): boolean => Object.entries(labels).every(([k, v]) => have?.[k] === v);
  // The store makes its folder when opened: only open one that is there.
  if (existsSync(join(options.home, "images"))) {
    const store = new ImageStore(options.home);
    for (const image of store.list().filter((i) => carries(i.config.labels))) {
      for (const tag of image.tags) store.remove(tag);
      removed.process.push(image.tags[0] ?? image.id);
    }
  }
  if (options.docker ?? (await probeDocker()).reachable) {
    const { default: Docker } = await import("dockerode");
    const docker = new Docker();
    const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
    for (const image of await docker.listImages({ filters })) {
      if (!carries(image.Labels)) continue;
      // force: the image may have several tags, and stopped containers of the reset sessions are gone already.
      await docker.getImage(image.Id).remove({ force: true });
      removed.docker.push(image.RepoTags?.[0] ?? image.Id);
    }
  }
  return removed;
}
