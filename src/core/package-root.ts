import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding minicloud's package.json, found from this file whether it runs from src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "minicloud") {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("expected minicloud's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
