import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { MinicloudError } from "../core/errors.js";
import { packageRoot } from "../core/package-root.js";
import type { FunctionCode, Runtime } from "./function-config.js";
import { compileTypeScriptHandler } from "./typescript-handler.js";

/** A function's code, packaged as a build context for its environments' image. */
export interface CodePackage {
  /** The build context: `task/` (the code, /var/task in the environment), the runtime client, a Dockerfile. */
  context: string;
  /** Base64 SHA-256 of the code, as Lambda reports CodeSha256. */
  codeSha256: string;
  codeSize: number;
}

const RUNTIMES = join(packageRoot(), "src", "lambda", "runtimes");
/** The Node.js runtime client's files, by their names in /var/runtime. */
const NODEJS_RUNTIME_FILES = { "bootstrap.cjs": "nodejs-bootstrap.cjs", "runtime-api-socket.cjs": "runtime-api-socket.cjs" };

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/** The file a handler names, for code given as source text: `app.handler` → `app.js`. */
function defaultFileName(handler: string): string {
  return `${handler.replace(/\.[^.]+$/, "")}.js`;
}

/**
 * Packages code for a function: copies it into a fresh build context (compiling a TypeScript handler),
 * with minicloud's Node.js runtime client for `nodejs*` runtimes, or the code's own `bootstrap` for
 * custom (`provided*`) runtimes. Nothing is left behind when the code is refused.
 */
export async function packageCode(code: FunctionCode, runtime: Runtime, handler: string): Promise<CodePackage> {
  const context = mkdtempSync(join(tmpdir(), "minicloud-code-"));
  try {
    return await fillContext(context, code, runtime, handler);
  } catch (error) {
    rmSync(context, { recursive: true, force: true });
    throw error;
  }
}

/** The field of Code the learner gave, for error messages. */
function codeField(code: FunctionCode): string {
  return "Directory" in code ? "Code.Directory" : "File" in code ? "Code.File" : "Code.Source";
}

async function fillContext(context: string, code: FunctionCode, runtime: Runtime, handler: string): Promise<CodePackage> {
  const task = join(context, "task");
  mkdirSync(task);
  if (code === null || typeof code !== "object") {
    throw new MinicloudError("InvalidParameterValueException", "Code is required: give one of Directory, File, Source (the handler's source text) or Inline (a function).", { field: "Code" });
  }
  if ("Directory" in code) {
    if (!existsSync(code.Directory) || !statSync(code.Directory).isDirectory()) {
      throw new MinicloudError("InvalidParameterValueException", `Code.Directory ${code.Directory} is not a folder; give the folder that holds your handler.`, { field: "Code.Directory" });
    }
    cpSync(code.Directory, task, { recursive: true });
  } else if ("File" in code) {
    if (!existsSync(code.File)) {
      throw new MinicloudError("InvalidParameterValueException", `Code.File ${code.File} does not exist.`, { field: "Code.File" });
    }
    copyFileSync(code.File, join(task, basename(code.File)));
  } else if ("Source" in code && typeof code.Source === "string") {
    writeFileSync(join(task, code.FileName ?? defaultFileName(handler)), code.Source);
  } else {
    throw new MinicloudError("InvalidParameterValueException", "Code needs one of Directory, File, Source (the handler's source text) or Inline (a function).", { field: "Code" });
  }
  if (runtime.startsWith("nodejs")) await compileTypeScriptHandler(task, handler, runtime, codeField(code));
  const hash = createHash("sha256");
  let codeSize = 0;
  for (const file of files(task)) {
    const content = readFileSync(file);
    hash.update(relative(task, file)).update(content);
    codeSize += content.length;
  }
  const custom = runtime.startsWith("provided");
  if (custom) {
    const bootstrap = join(task, "bootstrap");
    if (!existsSync(bootstrap)) {
      throw new MinicloudError("InvalidParameterValueException", "A custom runtime (provided.*) needs an executable file named bootstrap at the top of its code.", { field: "Code" });
    }
    chmodSync(bootstrap, 0o755);
  } else {
    mkdirSync(join(context, "runtime"));
    for (const [name, source] of Object.entries(NODEJS_RUNTIME_FILES)) copyFileSync(join(RUNTIMES, source), join(context, "runtime", name));
  }
  writeFileSync(
    join(context, "Dockerfile"),
    [
      "FROM minicloud/node",
      "COPY task/ /var/task/",
      ...(custom ? [] : ["COPY runtime/ /var/runtime/"]),
      "WORKDIR /var/task",
      custom ? 'CMD ["/var/task/bootstrap"]' : 'CMD ["node", "/var/runtime/bootstrap.cjs"]',
      "",
    ].join("\n"),
  );
  return { context, codeSha256: hash.digest("base64"), codeSize };
}
