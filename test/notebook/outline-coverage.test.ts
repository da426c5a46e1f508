// The coverage table of notebooks/README.md against the course outline: every numbered concept of the
// outline is mapped to a notebook section and at least one exercise that really exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { requirement } from "../support/requirements.js";

const outlineFile = join(packageRoot(), "..", "shared", "course-outline.md");
const outline = requirement("the course outline (../shared/course-outline.md)", existsSync(outlineFile), "the shared/ folder beside the project");

/** "A1", "B7", … : a section letter and the number of each item in it. */
function outlineItems(text: string): string[] {
  const items: string[] = [];
  let section: string | undefined;
  for (const line of text.split("\n")) {
    const heading = /^## ([A-Z])\. /.exec(line);
    if (heading) section = heading[1];
    else if (line.startsWith("## ")) section = undefined;
    const item = /^(\d+)\. /.exec(line);
    if (section && item) items.push(`${section}${item[1]}`);
  }
  return items;
}

/** The coverage table's rows: outline item → exercise ids named in its last column. */
function coverageRows(readme: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of readme.split("\n")) {
    const row = /^\| ([A-Z]\d+) .*\| ([^|]*) \|$/.exec(line);
    if (row) rows.set(row[1]!, [...row[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  }
  return rows;
}

/** Every exercise id declared by an exercise block in a course or assignment source. */
function courseExerciseIds(): Set<string> {
  const sources = join(packageRoot(), "notebooks", "sources");
  const ids = new Set<string>();
  for (const file of readdirSync(sources, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md"))) {
    for (const m of readFileSync(join(sources, file), "utf8").matchAll(/<!-- exercise: (\S+)/g)) ids.add(m[1]!);
  }
  return ids;
}

describe.skipIf(outline.skip)(`the coverage table maps every outline item ${outline.reason}`, () => {
  const items = outline.skip ? [] : outlineItems(readFileSync(outlineFile, "utf8"));
  const rows = coverageRows(readFileSync(join(packageRoot(), "notebooks", "README.md"), "utf8"));
  const exercises = courseExerciseIds();

  it("reads the outline's items", () => {
    expect(items).toEqual(expect.arrayContaining(["A1", "A4", "B1", "B7", "C1", "C6"]));
  });

  it.each(items)("%s has a row with at least one exercise, each of which exists", (item) => {
    expect(rows.has(item), `no row for ${item} in notebooks/README.md`).toBe(true);
    const ids = rows.get(item)!;
    expect(ids.length, `${item} names no exercise`).toBeGreaterThan(0);
    expect(ids.filter((id) => !exercises.has(id))).toEqual([]);
  });
});
