// Builds the kernel's startup snapshot (`node --snapshot-blob FILE --build-snapshot builder.cjs`, run by
// kernel-snapshot.ts): a Node.js heap in which tslab's TypeScript is already loaded and the declaration
// files every kernel type-checks against (TypeScript's lib, @types, minicloud's own) are already parsed and
// bound. A kernel started from it skips about a second and a half of CPU that every kernel otherwise spends
// on the same files: that is what a grader starting a kernel per submission pays most for.
//
// Cells compile as without the snapshot: the same output, declarations and errors, which a test checks
// cell by cell for every course notebook (typescript-for-tslab.test.ts). How TypeScript gets there is
// cheaper (typescript-for-tslab.cjs): the watch program is handed an already parsed file when the file on
// disk still has the very same text (else it parses the file as usual), which is how TypeScript's own
// language service shares files between programs; its programs come without the builder's bookkeeping;
// and a cell becomes CommonJS in the same emit. One thing differs after a failed import: the kernel watches
// no folder for the module to appear, where a kernel without the snapshot hangs at its next cell once it
// does.
//
// A snapshot's builder may only `require` Node's built-in modules, so this script loads TypeScript and
// tslab's converter with a small CommonJS loader of its own. It is plain JavaScript, not compiled: it
// runs as a script, without the module wrapper TypeScript's output expects.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const v8 = require("v8");

const root = process.env.MINICLOUD_SNAPSHOT_ROOT;
if (!root) throw new Error("builder.cjs: set MINICLOUD_SNAPSHOT_ROOT to the project's folder");

const BUILTINS = new Set(["assert", "buffer", "child_process", "crypto", "events", "fs", "inspector", "module", "os", "path", "perf_hooks", "stream", "tty", "url", "util", "vm", "worker_threads"]);

function resolveFile(file) {
  for (const candidate of [file, `${file}.js`, `${file}.json`, path.join(file, "index.js")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return fs.realpathSync(candidate);
  }
  throw new Error(`builder.cjs: cannot resolve ${file}`);
}

/** Node's way of finding a package from a file: node_modules of each folder up, then the package's main. */
function resolvePackage(id, from) {
  const parts = id.split("/");
  const name = id.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const rest = parts.slice(id.startsWith("@") ? 2 : 1);
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const folder = path.join(dir, "node_modules", name);
    if (fs.existsSync(folder)) {
      if (rest.length > 0) return resolveFile(path.join(folder, ...rest));
      const main = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")).main || "index.js";
      return resolveFile(path.join(folder, main));
    }
    if (dir === path.dirname(dir)) throw new Error(`builder.cjs: cannot find package ${id} from ${from}`);
  }
}

const loaded = new Map();
/** Loads a CommonJS file as Node would, answering `replacements[id]` for the ids it names. */
function load(file, replacements) {
  const known = loaded.get(file);
  if (known) return known.exports;
  const module = { exports: {} };
  loaded.set(file, module);
  if (file.endsWith(".json")) {
    module.exports = JSON.parse(fs.readFileSync(file, "utf8"));
    return module.exports;
  }
  const requireHere = (id) => {
    if (id in replacements) return replacements[id];
    if (BUILTINS.has(id.replace(/^node:/, ""))) return require(id);
    if (id.startsWith(".")) return load(resolveFile(path.resolve(path.dirname(file), id)), replacements);
    return load(resolvePackage(id, file), replacements);
  };
  const body = vm.compileFunction(fs.readFileSync(file, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename: file });
  body.call(module.exports, module.exports, requireHere, module, file, path.dirname(file));
  return module.exports;
}

const converterFile = resolvePackage("tslab/dist/converter.js", path.join(root, "package.json"));
const typescriptFile = resolvePackage("@tslab/typescript-for-tslab", converterFile);
const ts = load(typescriptFile, {});

/**
 * Parsed and bound declaration files, by file name: what every kernel's program starts from, each with the
 * file's `diskKey` when its text was read.
 */
const parsed = new Map();

/** A file's size, modification time and inode: what a rewritten file changes. Undefined when it cannot be read. */
function diskKey(fileName) {
  try {
    const stat = fs.statSync(fileName, { bigint: true });
    return `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** The program a watch program made last (the warm-up reads its files). */
let lastProgram;

/**
 * Answers a parsed file from `parsed` when the host would read the same text and parse it the same way;
 * undefined when the host must parse it itself. The same text is known from the file on disk having the
 * same size, modification time and inode as when the snapshot read it: reading the ~490 files again to
 * compare took a tenth of a second of every kernel's CPU.
 */
function reuseParsed(checked, fileName, languageVersionOrOptions, shouldCreateNewSourceFile) {
  const found = parsed.get(fileName);
  if (found === undefined || shouldCreateNewSourceFile) return undefined;
  const languageVersion = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions.languageVersion : languageVersionOrOptions;
  if (languageVersion !== found.file.languageVersion) return undefined;
  if (!checked.has(fileName)) {
    if (diskKey(fileName) !== found.diskKey) return undefined;
    checked.add(fileName);
  }
  return found.file;
}

/** TypeScript as tslab gets it in a kernel started from the snapshot (see typescript-for-tslab.cjs). */
const tsForTslab = load(path.join(root, "kernel-ext", "kernel-snapshot", "typescript-for-tslab.cjs"), {}).typescriptForTslab(ts, {
  reuseParsed,
  onProgram: (program) => (lastProgram = program),
});

/**
 * Compiles, as a kernel's first cells do, `import` of minicloud and a line using it, in the project's
 * folder, and keeps every declaration file that program read. No file is watched meanwhile: a watcher
 * is a handle, and a snapshot may hold none.
 */
function parseDeclarationFiles() {
  const { watchFile, watchDirectory } = ts.sys;
  const unwatched = () => ({ close() {} });
  ts.sys.watchFile = unwatched;
  ts.sys.watchDirectory = unwatched;
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const converter = load(converterFile, { "@tslab/typescript-for-tslab": tsForTslab }).createConverter({ isJS: false, isBrowser: false });
    const result = converter.convert("", 'import * as minicloud from "minicloud";\nconst cloud: minicloud.Cloud | undefined = undefined;\n');
    converter.close();
    if (result.diagnostics.length > 0) throw new Error(`builder.cjs: the warm-up cell did not compile: ${JSON.stringify(result.diagnostics[0])}`);
    for (const file of lastProgram.getSourceFiles()) {
      if (!file.isDeclarationFile || path.basename(file.fileName).startsWith("__")) continue;
      // Kept only when the file on disk still has the text that was parsed, as of the key recorded.
      const key = diskKey(file.fileName);
      if (key === undefined || fs.readFileSync(file.fileName, "utf8") !== file.text) continue;
      parsed.set(file.fileName, { file, diskKey: key });
    }
  } finally {
    process.chdir(cwd);
    ts.sys.watchFile = watchFile;
    ts.sys.watchDirectory = watchDirectory;
    // The converter module and its program were only the warm-up: the kernel makes its own.
    loaded.clear();
    lastProgram = undefined;
  }
}

parseDeclarationFiles();

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // TypeScript's system remembers the folder it was first asked for, which was the builder's: a kernel's
  // own is asked for again, once, as in a kernel started without the snapshot (tslab compiles each cell as
  // a file in it, so a notebook's imports of its own modules resolve from there).
  let currentDirectory;
  ts.sys.getCurrentDirectory = () => (currentDirectory ??= process.cwd());
  // Whoever requires tslab's TypeScript from now on gets the one already loaded.
  const Module = require("module");
  const cached = new Module(typescriptFile, null);
  cached.filename = typescriptFile;
  cached.paths = [];
  cached.exports = tsForTslab;
  cached.loaded = true;
  Module._cache[typescriptFile] = cached;
  const entry = process.argv[1];
  if (entry === undefined) {
    process.stderr.write("usage: node --snapshot-blob <this snapshot> <script> [args]: the kernel's snapshot runs the script it is given\n");
    process.exit(2);
  }
  Module.runMain(entry);
});
