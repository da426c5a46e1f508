import { cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { CopyStep } from "../image-config.js";

/** Carries out COPY steps into an image's files, with Docker's rules: a folder's contents are copied, not the folder. */
export function applyCopies(context: string, rootfs: string, copies: CopyStep[]): void {
  for (const copy of copies) {
    const target0 = join(rootfs, copy.destination);
    const intoFolder = copy.destination.endsWith("/") || (existsSync(target0) && statSync(target0).isDirectory());
    for (const source of copy.sources) {
      const from = join(context, source);
      const destination = join(rootfs, copy.destination);
      if (statSync(from).isDirectory()) {
        mkdirSync(destination, { recursive: true });
        cpSync(from, destination, { recursive: true });
      } else {
        const target = intoFolder ? join(destination, basename(source)) : destination;
        mkdirSync(dirname(target), { recursive: true });
        cpSync(from, target);
      }
    }
  }
}
