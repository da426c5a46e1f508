// Building the course image (deploy/course-image/Dockerfile) on a machine that reaches no image
// registry: its base is made here from minicloud's own base image and this machine's Debian packages,
// and the build context brings the installed node_modules instead of fetching them.
import { execFile, spawn } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { Cloud, ensureBaseImage } from "minicloud";

const run = promisify(execFile);
const BIG = { maxBuffer: 256 * 1024 * 1024 };

/** What the course image needs from Debian: Jupyter (as the Dockerfile installs it) and the shell's tools. */
const PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "jupyter-client", "coreutils"];
/** Documentation nobody reads inside the image. */
const SKIPPED = /^\/usr\/share\/(doc|man|info|locale|lintian)\//;
/** Large packages the server never loads (a debugger; MathJax, which only renders formulas in a browser). */
const UNUSED = new Set(["gdb", "libjs-mathjax", "fonts-mathjax"]);

/** The installed packages those depend on, all the way down (what apt would install in the image). */
async function packageClosure(): Promise<string[]> {
  const { stdout } = await run(
    "apt-cache",
    ["depends", "--recurse", "--installed", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", ...PACKAGES],
    BIG,
  );
  const named = [...new Set(stdout.split("\n").filter((line) => /^[a-z0-9]/.test(line)))];
  // apt names each of a dependency's alternatives (gdb | gdb-minimal); keep the ones installed here.
  const status = await run("dpkg-query", ["-W", "-f", "${Package} ${db:Status-Abbrev}\n", ...named], BIG).catch((error: { stdout: string }) => error);
  return status.stdout
    .split("\n")
    .filter((line) => line.endsWith(" ii "))
    .map((line) => line.split(" ")[0]!)
    .filter((name) => !UNUSED.has(name));
}

/**
 * The files of those packages as installed here, relative to /, with Python's compiled modules beside
 * their sources (Debian makes them at install time, so dpkg does not list them). Links to folders are
 * left out: /bin, /lib and the like are links on this machine but real folders in minicloud's base.
 */
async function packageFiles(): Promise<string[]> {
  const { stdout } = await run("dpkg-query", ["-L", ...(await packageClosure())], BIG);
  const cacheTag = (await run("/usr/bin/python3", ["-c", "import sys; print(sys.implementation.cache_tag)"])).stdout.trim();
  const files = new Set<string>();
  for (const path of stdout.split("\n")) {
    if (!path.startsWith("/") || SKIPPED.test(path) || !existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink() && statSync(path).isDirectory()) continue;
    files.add(path.slice(1));
    if (path.endsWith(".py")) {
      const compiled = join(dirname(path), "__pycache__", `${basename(path, ".py")}.${cacheTag}.pyc`);
      if (existsSync(compiled)) files.add(compiled.slice(1));
    }
  }
  return [...files];
}

/**
 * Builds `tag`: a stand-in for node:20-bookworm with Debian's Jupyter, made with no registry —
 * minicloud/node (this machine's Node.js), the files of this machine's Jupyter packages, and the user
 * "node" (uid 1000) of the official image.
 */
export async function buildLocalCourseBase(tag: string): Promise<void> {
  const cloud = await Cloud.start({ engine: "docker" });
  try {
    await ensureBaseImage(cloud.engine);
  } finally {
    await cloud.shutdown();
  }
  const context = mkdtempSync(join(tmpdir(), "minicloud-course-base-"));
  try {
    writeFileSync(join(context, "files"), (await packageFiles()).join("\0"));
    await run("tar", ["--no-recursion", "--null", "-cf", join(context, "packages.tar"), "-C", "/", "-T", join(context, "files")], BIG);
    rmSync(join(context, "files"));
    writeFileSync(
      join(context, "Dockerfile"),
      [
        "FROM minicloud/node:latest",
        "ADD packages.tar /",
        `RUN echo "node:x:1000:1000::/home/node:/bin/sh" >> /etc/passwd && echo "node:x:1000:" >> /etc/group && mkdir -p /home/node && chown node:node /home/node`,
        "",
      ].join("\n"),
    );
    await run("docker", ["build", "-q", "-t", tag, context], BIG);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** The packages in node_modules that only building and testing need (`"dev": true` in the lockfile). */
function devPackages(root: string): string[] {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== "" && entry.dev === true)
    .map(([path]) => path);
}

/**
 * Builds the course image `tag` from the repository at `root` on the base `baseImage`. The context is
 * the repository's own files (tracked, or new and not ignored) plus the compiled dist/ and the installed
 * node_modules but for what only building and testing need, which its .dockerignore keeps out of a
 * build from the folder itself.
 */
export async function buildCourseImage(root: string, tag: string, baseImage: string): Promise<void> {
  // dist/ must be current: the image's build compiles only when it is not, with a compiler left out here.
  await run(process.execPath, [join(root, "scripts", "build.js"), "--if-stale"]);
  const { stdout } = await run("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], BIG);
  const files = [...stdout.split("\0").filter((file) => file !== "" && existsSync(join(root, file))), "node_modules", "dist"];
  const excluded = devPackages(root).map((path) => `--exclude=${path}`);
  const tar = spawn("tar", ["-C", root, "--anchored", ...excluded, "--null", "-cf", "-", "-T", "-"], { stdio: ["pipe", "pipe", "pipe"] });
  tar.stdin.end(files.join("\0"));
  const build = spawn("docker", ["build", "-q", "-f", "deploy/course-image/Dockerfile", "--build-arg", `BASE_IMAGE=${baseImage}`, "-t", tag, "-"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  tar.stdout.pipe(build.stdin);
  let errors = "";
  tar.stderr.on("data", (d: Buffer) => (errors += d.toString()));
  build.stdout.resume();
  build.stderr.on("data", (d: Buffer) => (errors += d.toString()));
  const [tarCode, buildCode] = await Promise.all([tar, build].map((child) => new Promise<number | null>((resolve) => child.once("close", resolve))));
  if (tarCode !== 0 || buildCode !== 0) throw new Error(`building the course image failed (tar ${tarCode}, docker build ${buildCode}):\n${errors}`);
}
