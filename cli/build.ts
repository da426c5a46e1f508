import { relative } from "node:path";
import { buildCourse, packageRoot } from "minicloud";

/** `minicloud build [--check]`: builds notebooks from their Markdown sources, or checks they are in sync. */
export async function build(check: boolean): Promise<number> {
  const results = await buildCourse({ check });
  const root = packageRoot();
  for (const r of results) console.log(`${r.status.padEnd(9)} ${relative(root, r.notebook)}  (from ${relative(root, r.source)})`);
  const stale = results.filter((r) => r.status === "stale");
  if (stale.length > 0) {
    console.error(`${stale.length} notebook(s) differ from their source: run \`npx minicloud build\` and commit the result (edit the sources, not the notebooks).`);
    return 1;
  }
  return 0;
}
