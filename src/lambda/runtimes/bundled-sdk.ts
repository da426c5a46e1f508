import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { minicloudHome } from "../../core/home.js";
import { packageRoot } from "../../core/package-root.js";

/**
 * The AWS SDK for JavaScript v3 clients the Node.js runtime carries. AWS's Node.js runtimes bundle the
 * whole SDK under /var/runtime/node_modules; minicloud bundles the clients of the services it runs.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included
 */
export const BUNDLED_SDK_PACKAGES = ["@aws-sdk/client-s3", "@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/client-sqs", "@aws-sdk/client-sns", "@aws-sdk/client-ecs"];

/** Where the runtime finds modules, in the order AWS's Node.js runtimes set NODE_PATH. */
export const RUNTIME_NODE_PATH = "/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task";
/** Where the bundled SDK is mounted inside an execution environment. */
export const SDK_MOUNT_TARGET = "/var/runtime/node_modules";

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The folder a package is installed in, found from `from` as Node.js finds it (node_modules upwards). */
function installedAt(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The packages the clients need, with every dependency, each once: folder → its name and manifest. */
function dependencyClosure(root: string): Map<string, { name: string; manifest: PackageJson }> {
  const found = new Map<string, { name: string; manifest: PackageJson }>();
  const pending: [string, string][] = BUNDLED_SDK_PACKAGES.map((name) => [name, root]);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const dir = installedAt(next[0], next[1]);
    if (dir === undefined || found.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
    found.set(dir, { name: next[0], manifest });
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies })) pending.push([dependency, dir]);
  }
  return found;
}

/**
 * Copies a package's files, leaving out type declarations and nested packages. Copies, not hard links: a
 * link would share the files with minicloud's own node_modules (a function could change them), and
 * making one changes the original file's link count, which every watcher of it (a TypeScript kernel
 * watches the packages it type-checks against) sees as a change.
 */
function copyPackage(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist-types" || /\.d\.[cm]?ts$/.test(entry.name)) continue;
    const [from, to] = [join(source, entry.name), join(target, entry.name)];
    if (entry.isDirectory()) copyPackage(from, to);
    else if (entry.isFile()) copyFileSync(from, to);
  }
}

let staged: string | undefined;

/**
 * Names a folder of runtimes made beforehand, used read-only when it holds this SDK version: the grader
 * makes the bundled SDK once for a whole batch and hands it to every submission's sandbox, so that no
 * kernel copies 13 MB of packages into its own fresh home.
 */
export const PREPARED_RUNTIMES_ENV = "MINICLOUD_PREPARED_RUNTIMES";

/**
 * The bundled SDK as one folder of packages (a node_modules folder), copied once per SDK version under
 * minicloud's home from the SDK minicloud itself depends on: offline, and shared by every session and
 * engine. Execution environments see it at /var/runtime/node_modules, as on AWS; it holds the clients and
 * their dependencies only, so a handler cannot lean on minicloud's own packages.
 */
export function bundledSdkFolder(): string {
  if (staged !== undefined && existsSync(staged)) return staged;
  const root = packageRoot();
  const closure = dependencyClosure(root);
  // Packages keep their places relative to the node_modules folder the clients are in (a package nested
  // under another, for a version of its own, stays nested), so Node.js resolves them exactly as here.
  const first = installedAt(BUNDLED_SDK_PACKAGES[0]!, root);
  if (first === undefined) throw new Error(`expected ${BUNDLED_SDK_PACKAGES[0]} to be installed with minicloud (npm install)`);
  const modules = dirname(dirname(first));
  const placeOf = (dir: string, name: string): string => (relative(modules, dir).startsWith("..") ? name : relative(modules, dir));
  const key = createHash("sha256")
    .update([...closure].map(([dir, { name, manifest }]) => `${placeOf(dir, name)}@${manifest.version}`).sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
  const prepared = process.env[PREPARED_RUNTIMES_ENV];
  const ready = prepared ? join(prepared, `nodejs-sdk-${key}`, "node_modules") : undefined;
  if (ready !== undefined && existsSync(ready)) return (staged = ready);
  const folder = join(minicloudHome(), "runtimes", `nodejs-sdk-${key}`, "node_modules");
  if (!existsSync(folder)) {
    // Built beside its final place and renamed into it, so a session running beside this one never sees half of it.
    const building = join(minicloudHome(), "runtimes", `.building-${randomBytes(6).toString("hex")}`);
    try {
      for (const [dir, { name }] of closure) copyPackage(dir, join(building, "node_modules", placeOf(dir, name)));
      mkdirSync(dirname(folder), { recursive: true });
      renameSync(join(building, "node_modules"), folder);
    } catch (error) {
      if (!existsSync(folder)) throw error;
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  }
  staged = folder;
  return folder;
}
