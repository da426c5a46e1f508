#!/usr/bin/env node
// Builds minicloud: compiles TypeScript into dist/ and links node_modules/minicloud to this folder,
// so that a notebook anywhere in the project can `import { ... } from "minicloud"`.
//
// tslab (the notebook kernel) resolves packages the Node10 way, only through node_modules/<name>
// with top-level main/types, and it refuses .ts files outside a notebook's folder: the compiled
// dist/ reached through that link is what works for every notebook.
// Every build starts from an empty dist/, so nothing compiled from a deleted source lingers there;
// `--if-stale` skips the compile when dist/ is newer than every source file.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sourceDirs = ["src", "kernel-ext", "cli", "bench"];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  const stamp = join(root, "dist", ".build-stamp");
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = [...sourceDirs.map((d) => newestMtime(join(root, d))), statSync(join(root, "tsconfig.json")).mtimeMs];
  return Math.max(...inputs) > built;
}

function linkSelf() {
  const link = join(root, "node_modules", "minicloud");
  mkdirSync(dirname(link), { recursive: true });
  try {
    const stat = lstatSync(link);
    if (stat.isSymbolicLink() && readlinkSync(link) === "..") return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  symlinkSync("..", link, "dir");
}

/**
 * The library as one file, which is what `import "minicloud"` loads (package.json's main and exports).
 * Loading ~300 compiled modules one by one cost every kernel, CLI run and notebook about 120 ms of CPU,
 * most of it resolving and linking them; the one file loads in about 30 ms. Its source map leads back
 * through dist/src to src/. Dependencies stay outside it, loaded from node_modules as before. The
 * compiled modules stay too: their declarations are minicloud's types.
 */
async function bundleLibrary() {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [join(root, "dist", "src", "index.js")],
    outfile: join(root, "dist", "minicloud.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}

if (!process.argv.includes("--if-stale") || isStale()) {
  // node_modules/.bin/tsc may be tslab's own TypeScript; call the project's compiler by path.
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  rmSync(join(root, "dist"), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("build: TypeScript reported errors (above); fix them and run `npm run build` again.");
    process.exit(result.status ?? 1);
  }
  await bundleLibrary();
  writeFileSync(join(root, "dist", ".build-stamp"), new Date().toISOString() + "\n");
}
linkSelf();
