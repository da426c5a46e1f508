import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCourse, buildNotebook, packageRoot, parseCourseSource, serializeNotebook } from "minicloud";

const source = [
  "---",
  'title: "99 · A test notebook"',
  'time: "5 minutes"',
  "objectives:",
  "  - read a source",
  "---",
  "",
  "<!-- cell: intro -->",
  "",
  "# Hello",
  "",
  "Some prose.",
  "",
  "<!-- cell: more -->",
  "",
  "More prose.",
  "",
  "```ts id=first",
  'console.log("hi");',
  "```",
  "",
  "````ts id=fenced",
  'const md = "```dockerfile";',
  "````",
  "",
].join("\n");

describe("course sources", () => {
  it("turns prose into Markdown cells and ts fences into code cells, with their ids and lines", async () => {
    const parsed = await parseCourseSource(source, "test.md");
    expect(parsed.meta).toEqual({ title: "99 · A test notebook", time: "5 minutes", objectives: ["read a source"] });
    expect(parsed.cells.map((c) => [c.cellType, c.id, c.source, c.line])).toEqual([
      ["markdown", "intro", "# Hello\n\nSome prose.", 8],
      ["markdown", "more", "More prose.", 14],
      ["code", "first", 'console.log("hi");', 18],
      ["code", "fenced", 'const md = "```dockerfile";', 22],
    ]);
  });

  it("builds nbformat 4.5 with the minicloud kernel and empty outputs, byte for byte the same every time", async () => {
    const notebook = buildNotebook(await parseCourseSource(source, "test.md")) as { cells: { id: string; outputs?: unknown[] }[]; metadata: Record<string, any>; nbformat_minor: number };
    expect(notebook.nbformat_minor).toBe(5);
    expect(notebook.metadata["kernelspec"]).toEqual({ display_name: "TypeScript (minicloud)", language: "typescript", name: "minicloud" });
    expect(notebook.metadata["minicloud"]).toEqual({ title: "99 · A test notebook", time: "5 minutes", objectives: ["read a source"] });
    expect(notebook.cells.map((c) => c.id)).toEqual(["intro", "more", "first", "fenced"]);
    expect(notebook.cells[2]!.outputs).toEqual([]);
    expect(serializeNotebook(buildNotebook(await parseCourseSource(source, "test.md")))).toBe(serializeNotebook(notebook));
  });

  it("refuses a bad source with the file, the line and what to fix", async () => {
    const cases: [string, RegExp][] = [
      ["# no front matter", /^x\.md:1: a course source starts with front matter/],
      ["---\ntime: 3\n---\n<!-- cell: a -->\nx", /^x\.md:2: the front matter needs a title/],
      ['---\ntitle: "t"\n---\n```ts\n1\n```', /^x\.md:4: a code cell needs an id/],
      ['---\ntitle: "t"\n---\n<!-- cell: a -->\nx\n\n```ts id=a\n1\n```', /^x\.md:7: cell id "a" is used twice/],
      ['---\ntitle: "t"\n---\nloose prose', /^x\.md:4: prose must follow a <!-- cell: some-id --> line/],
      ['---\ntitle: "t"\n---\n```ts id=no.dots\n1\n```', /^x\.md:4: cell id "no\.dots" may hold only/],
    ];
    for (const [text, message] of cases) {
      await expect(parseCourseSource(text, "x.md")).rejects.toMatchObject({ name: "InvalidCourseSource", message: expect.stringMatching(message) });
    }
  });

  it("writes nothing when any source fails, and reports notebooks out of sync with --check", async () => {
    const root = mkdtempSync(join(tmpdir(), "minicloud-course-"));
    try {
      mkdirSync(join(root, "notebooks", "sources"), { recursive: true });
      writeFileSync(join(root, "notebooks", "sources", "a.md"), source);
      writeFileSync(join(root, "notebooks", "sources", "b.md"), "# broken");
      await expect(buildCourse({ root })).rejects.toThrow(/b\.md:1/);
      rmSync(join(root, "notebooks", "sources", "b.md"));
      expect((await buildCourse({ root, check: true })).map((r) => r.status)).toEqual(["stale"]);
      expect((await buildCourse({ root })).map((r) => r.status)).toEqual(["written"]);
      expect((await buildCourse({ root, check: true })).map((r) => r.status)).toEqual(["unchanged"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("every notebook in the repository is built from its source and in sync with it", async () => {
    const results = await buildCourse({ check: true });
    expect(results.filter((r) => r.status !== "unchanged").map((r) => r.notebook)).toEqual([]);
    const built = new Set(results.map((r) => r.notebook));
    const notebooks = readdirSync(join(packageRoot(), "notebooks")).filter((f) => f.endsWith(".ipynb"));
    expect(notebooks.filter((f) => !built.has(join(packageRoot(), "notebooks", f)))).toEqual([]);
  });
});
