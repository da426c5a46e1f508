// `minicloud grade RELEASE --package gradescope|prairielearn [--out DIR]`: writes what an instructor
// uploads to a course platform so the assignment is graded there by minicloud itself: the platform's
// scripts, the assignment (release and instructor copy), and minicloud's sources, which the platform's
// image builds (no registry holds minicloud).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageRoot, VERSION } from "minicloud";
import type { Platform } from "./grade-options.js";
import { shellWords } from "./grading-script.js";
import { gradescopeFiles } from "./package-gradescope.js";
import { prairielearnFiles } from "./package-prairielearn.js";
import { zipArchive, type ZipEntry } from "./zip-archive.js";

/** What to package. */
export interface PackageRequest {
  platform: Platform;
  name: string;
  title: string;
  release: string;
  instructor: string;
  outDir: string;
  /** `minicloud grade` options to use on the platform (limits, late policy). */
  gradeArgs: string[];
  /** The whole notebook's time limit, in seconds. */
  notebookTimeoutS: number;
  image?: string;
  /** Replace what is in outDir already. */
  force: boolean;
}

// What building minicloud needs: its sources, build script, images and lockfile — not node_modules or dist.
const MINICLOUD_FOLDERS = ["bin", "cli", "kernel-ext", "src", "scripts", "images"];
const MINICLOUD_FILES = ["package.json", "package-lock.json", "tsconfig.json", "README.md"];

function filesUnder(root: string, folder: string): ZipEntry[] {
  return readdirSync(join(root, folder), { withFileTypes: true })
    .filter((e) => !e.name.startsWith(".") && e.name !== "node_modules")
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const path = join(folder, e.name);
      if (e.isDirectory()) return filesUnder(root, path);
      return e.isFile() ? [{ path, data: readFileSync(join(root, path)), mode: statSync(join(root, path)).mode & 0o111 ? 0o755 : 0o644 }] : [];
    });
}

/** minicloud's sources, under `prefix`. */
function minicloudSources(prefix: string): ZipEntry[] {
  const root = packageRoot();
  const entries = [...MINICLOUD_FOLDERS.flatMap((f) => filesUnder(root, f)), ...MINICLOUD_FILES.map((path) => ({ path, data: readFileSync(join(root, path)), mode: 0o644 }))];
  return entries.map((e) => ({ ...e, path: `${prefix}/${e.path}` }));
}

function assignmentFiles(prefix: string, request: PackageRequest): ZipEntry[] {
  return [
    { path: `${prefix}/release/${request.name}.ipynb`, data: readFileSync(request.release), mode: 0o644 },
    { path: `${prefix}/instructor/${request.name}.ipynb`, data: readFileSync(request.instructor), mode: 0o644 },
  ];
}

// PrairieLearn stops a grading job after at most 600 s; the kernel's start and the grader's steps need some time besides the notebook's.
const PRAIRIELEARN_MAX_TIMEOUT_S = 600;
const GRADER_OVERHEAD_S = 60;

/** The files of the package, in the order they are written and zipped. */
export function packageFiles(request: PackageRequest): ZipEntry[] {
  const gradeArgs = shellWords(request.gradeArgs);
  if (request.platform === "gradescope") {
    return [...gradescopeFiles({ name: request.name, gradeArgs, nodeVersion: process.version }), ...assignmentFiles("assignment", request), ...minicloudSources("minicloud")];
  }
  const timeoutS = request.notebookTimeoutS + GRADER_OVERHEAD_S;
  if (timeoutS > PRAIRIELEARN_MAX_TIMEOUT_S) {
    throw new Error(`PrairieLearn stops grading after ${PRAIRIELEARN_MAX_TIMEOUT_S} s, and this notebook may run ${request.notebookTimeoutS} s (5 × --timeout) plus about ${GRADER_OVERHEAD_S} s to start; package with --timeout ${Math.floor((PRAIRIELEARN_MAX_TIMEOUT_S - GRADER_OVERHEAD_S) / 5)} or less.`);
  }
  const image = request.image ?? `minicloud-grader:${VERSION}`;
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  const question = prairielearnFiles({ name: request.name, title: request.title, gradeArgs, image, timeoutS, nodeMajor });
  return [...question, ...assignmentFiles(`questions/${request.name}/tests/assignment`, request), ...minicloudSources("image/minicloud")];
}

/** Writes the package into `outDir` and, for Gradescope, the zip to upload beside it; returns what was written. */
export function writePackage(request: PackageRequest): string[] {
  const files = packageFiles(request);
  if (existsSync(request.outDir) && readdirSync(request.outDir).length > 0) {
    if (!request.force) throw new Error(`${request.outDir} is not empty; give another --out, or --force to replace what is in it.`);
    rmSync(request.outDir, { recursive: true, force: true });
  }
  for (const file of files) {
    const path = join(request.outDir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.data, { mode: file.mode });
  }
  if (request.platform !== "gradescope") return [request.outDir];
  const zip = `${request.outDir.replace(/\/+$/, "")}.zip`;
  writeFileSync(zip, zipArchive(files));
  return [request.outDir, zip];
}
