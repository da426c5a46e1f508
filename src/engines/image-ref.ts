/** Adds `:latest` to an image reference without a tag, as Docker does (`minicloud/node` → `minicloud/node:latest`). */
export function normalizeImageRef(ref: string): string {
  const lastSlash = ref.lastIndexOf("/");
  const lastColon = ref.lastIndexOf(":");
  return lastColon > lastSlash ? ref : `${ref}:latest`;
}

/** Whether a reference names minicloud's Node.js base image, which `minicloud images build` makes. */
export function isBaseImageRef(ref: string): boolean {
  return normalizeImageRef(ref).startsWith("minicloud/node:");
}
