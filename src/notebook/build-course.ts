import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { packageRoot } from "../core/package-root.js";
import { buildNotebook, serializeNotebook } from "./build-notebook.js";
import { parseCourseSource } from "./course-source.js";

/** What building one source did. */
export interface BuiltNotebook {
  source: string;
  notebook: string;
  /** `written`, `unchanged`, or (with check) `stale`: the committed notebook differs from its source. */
  status: "written" | "unchanged" | "stale";
}

/**
 * Builds every course source (`notebooks/sources/*.md`, but its README) into `notebooks/<name>.ipynb`. With `check`,
 * writes nothing and reports the notebooks that differ from what their source builds. Every source is
 * parsed before anything is written, so a source with an error writes nothing.
 */
export async function buildCourse(options: { root?: string; check?: boolean } = {}): Promise<BuiltNotebook[]> {
  const root = options.root ?? packageRoot();
  const dir = join(root, "notebooks", "sources");
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort();
  const built = [];
  for (const file of files) {
    const path = join(dir, file);
    const text = serializeNotebook(buildNotebook(await parseCourseSource(readFileSync(path, "utf8"), join("notebooks", "sources", file))));
    built.push({ path, notebook: join(root, "notebooks", `${basename(file, ".md")}.ipynb`), text });
  }
  return built.map(({ path, notebook, text }) => {
    const current = existsSync(notebook) ? readFileSync(notebook, "utf8") : undefined;
    if (current === text) return { source: path, notebook, status: "unchanged" as const };
    if (options.check) return { source: path, notebook, status: "stale" as const };
    writeFileSync(notebook, text);
    return { source: path, notebook, status: "written" as const };
  });
}
