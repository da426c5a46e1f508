import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { baseImageConfig } from "../image-config.js";
import { normalizeImageRef } from "../image-ref.js";
import { copyTree } from "./copy-tree.js";
import type { ImageConfig, ImageInfo } from "../types.js";

/**
 * The embedded engine's images on disk, shared by every session on the machine:
 * `<home>/images/<id>/rootfs/` holds the files, `<id>/image.json` the settings, `tags.json` the names.
 */
export class ImageStore {
  readonly dir: string;

  constructor(home: string) {
    this.dir = join(home, "images");
    // Owner only, the home folder included when this makes it: images hold learners' function code.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  #tags(): Record<string, string> {
    const file = join(this.dir, "tags.json");
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  }

  #writeTags(tags: Record<string, string>): void {
    // Write then rename, so a concurrent reader never sees half a file.
    const temp = join(this.dir, `tags.json.${randomBytes(4).toString("hex")}`);
    writeFileSync(temp, JSON.stringify(tags, null, 2));
    renameSync(temp, join(this.dir, "tags.json"));
  }

  /** The image a reference names, or undefined. */
  find(ref: string): ImageInfo | undefined {
    // Read once: the tags file is shared by every session on the machine and grows with its images,
    // and finding the image is on the way of every container start.
    const tags = this.#tags();
    const id = tags[normalizeImageRef(ref)] ?? (ref.startsWith("sha256:") ? ref : undefined);
    if (id === undefined) return undefined;
    const file = join(this.dir, id.replace("sha256:", ""), "image.json");
    if (!existsSync(file)) return undefined;
    const image = JSON.parse(readFileSync(file, "utf8")) as ImageInfo;
    image.tags = Object.keys(tags).filter((t) => tags[t] === image.id);
    return image;
  }

  /** The folder holding an image's files. */
  rootfs(image: ImageInfo): string {
    return join(this.dir, image.id.replace("sha256:", ""), "rootfs");
  }

  list(): ImageInfo[] {
    const ids = new Set(Object.values(this.#tags()));
    return [...ids].map((id) => this.find(id)).filter((i): i is ImageInfo => i !== undefined);
  }

  /**
   * Stores an image: `fill` writes its files into an empty folder; the id is a digest of the files and
   * settings, so the same build gives the same id. The tag moves to the new image, as in Docker.
   */
  add(tag: string, config: ImageConfig, fill: (rootfs: string) => void): ImageInfo {
    const staging = join(this.dir, `.staging-${randomBytes(6).toString("hex")}`);
    const stagingRoot = join(staging, "rootfs");
    mkdirSync(stagingRoot, { recursive: true });
    try {
      fill(stagingRoot);
      const id = `sha256:${digest(stagingRoot, config)}`;
      const image: ImageInfo = { id, tags: [], createdAt: Date.now(), sizeBytes: sizeOf(stagingRoot), config };
      const final = join(this.dir, id.replace("sha256:", ""));
      if (!existsSync(final)) {
        writeFileSync(join(staging, "image.json"), JSON.stringify(image, null, 2));
        renameSync(staging, final);
      }
      this.#writeTags({ ...this.#tags(), [normalizeImageRef(tag)]: id });
      return this.find(id)!;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /** Adds minicloud's Node.js base image: no files, since its `node` is the host's own. */
  ensureBaseImage(nodeVersion: string = process.versions.node): ImageInfo {
    const major = nodeVersion.split(".")[0]!;
    const existing = this.find(`minicloud/node:${major}`);
    if (existing) return existing;
    const image = this.add(`minicloud/node:${major}`, baseImageConfig(nodeVersion), () => {});
    this.tag(image.id, "minicloud/node:latest");
    return this.find(image.id)!;
  }

  /** Gives an existing image another tag. */
  tag(ref: string, tag: string): void {
    const image = this.find(ref);
    if (!image) throw new Error(`expected image ${ref} to exist before tagging it`);
    this.#writeTags({ ...this.#tags(), [normalizeImageRef(tag)]: image.id });
  }

  /** Untags an image; its files go when no tag is left. */
  remove(ref: string): void {
    const image = this.find(ref);
    if (!image) return;
    const tags = this.#tags();
    const name = normalizeImageRef(ref);
    if (tags[name] === image.id) delete tags[name];
    else for (const t of image.tags) delete tags[t];
    this.#writeTags(tags);
    if (!Object.values(tags).includes(image.id)) rmSync(dirname(this.rootfs(image)), { recursive: true, force: true });
  }

  /** Copies an image's files into a new folder (a container's own copy). */
  copyInto(image: ImageInfo, target: string): void {
    mkdirSync(target, { recursive: true });
    const source = this.rootfs(image);
    copyTree(source, target);
  }
}

function walk(dir: string, visit: (path: string) => void): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    visit(path);
    if (statSync(path).isDirectory()) walk(path, visit);
  }
}

function digest(rootfs: string, config: ImageConfig): string {
  const hash = createHash("sha256").update(JSON.stringify(config));
  walk(rootfs, (path) => {
    hash.update(relative(rootfs, path));
    if (statSync(path).isFile()) hash.update(readFileSync(path));
  });
  return hash.digest("hex");
}

function sizeOf(rootfs: string): number {
  let size = 0;
  walk(rootfs, (path) => {
    const stat = statSync(path);
    if (stat.isFile()) size += stat.size;
  });
  return size;
}
