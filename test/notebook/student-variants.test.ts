import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCourse, exerciseParameters, packageRoot, readRoster } from "minicloud";

const a0 = join(packageRoot(), "notebooks", "sources", "assignments", "a0-example.md");

function withProject(run: (root: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const root = mkdtempSync(join(tmpdir(), "minicloud-variants-"));
    try {
      mkdirSync(join(root, "notebooks", "sources", "assignments"), { recursive: true });
      cpSync(a0, join(root, "notebooks", "sources", "assignments", "a0-example.md"));
      await run(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

describe("per-student variants", () => {
  it("draws the same parameters for the same student, every time", () => {
    expect(exerciseParameters("a0-bill", "alice")).toEqual(exerciseParameters("a0-bill", "alice"));
    expect(Object.keys(exerciseParameters("a0-bill", "alice")).sort()).toEqual(["durationMs", "memoryMB", "requestsPerMonth"]);
  });

  it("draws each value from the exercise's choices, and gives a class different numbers", () => {
    const drawn = Array.from({ length: 40 }, (_, i) => exerciseParameters("a0-bill", `student-${i}`));
    for (const values of drawn) {
      expect([512, 1024, 1536, 2048]).toContain(values["memoryMB"]);
      expect([120, 250, 800, 1500]).toContain(values["durationMs"]);
    }
    expect(new Set(drawn.map((v) => JSON.stringify(v))).size).toBeGreaterThan(10);
  });

  it("refuses an exercise without parameters, and one it does not know", () => {
    expect(() => exerciseParameters("06-monthly-cost", "alice")).toThrow(/has no parameters/);
    expect(() => exerciseParameters("no-such-exercise", "alice")).toThrow(/No exercise "no-such-exercise"/);
  });

  it(
    "writes each student's copy with their own numbers, and leaves the shared copies alone",
    withProject(async (root) => {
      const results = await buildCourse({ root, students: ["alice", "bob.smith"] });
      expect(results.map((r) => [r.notebook.slice(root.length + 1), r.copy, r.student ?? "-"])).toEqual([
        ["assignments/a0-example/release/a0-example.ipynb", "student", "-"],
        ["assignments/a0-example/instructor/a0-example.ipynb", "instructor", "-"],
        ["students/alice/a0-example.ipynb", "student", "alice"],
        ["students/bob.smith/a0-example.ipynb", "student", "bob.smith"],
      ]);
      for (const student of ["alice", "bob.smith"]) {
        const notebook = readFileSync(join(root, "students", student, "a0-example.ipynb"), "utf8");
        const p = exerciseParameters("a0-bill", student);
        expect(notebook).toContain(`const student = \\"${student}\\";`);
        expect(notebook).toContain(`runs **${p["durationMs"]} ms** per request with **${p["memoryMB"]} MB** of memory`);
        expect(notebook).not.toContain("BEGIN SOLUTION");
        expect(JSON.parse(notebook).metadata.minicloud.student).toBe(student);
      }
      const again = await buildCourse({ root, students: ["alice"] });
      expect(again.map((r) => r.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
      // Per-student copies are handed out, not committed: --check looks only at the shared copies.
      expect((await buildCourse({ root, check: true })).map((r) => r.copy)).toEqual(["student", "instructor"]);
    }),
  );

  it(
    "reports a stale instructor copy or release with --check, and rewrites only what changed",
    withProject(async (root) => {
      await buildCourse({ root });
      const instructor = join(root, "assignments", "a0-example", "instructor", "a0-example.ipynb");
      writeFileSync(instructor, readFileSync(instructor, "utf8").replace("BEGIN HIDDEN TESTS", "BEGIN HIDDEN TEST"));
      expect((await buildCourse({ root, check: true })).map((r) => r.status)).toEqual(["unchanged", "stale"]);
      expect((await buildCourse({ root })).map((r) => r.status)).toEqual(["unchanged", "written"]);
      expect((await buildCourse({ root, check: true })).map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    }),
  );

  it(
    "refuses a student id that cannot name a folder, before writing anything",
    withProject(async (root) => {
      await expect(buildCourse({ root, students: ["../evil"] })).rejects.toThrow(/"\.\.\/evil" is not a usable student id/);
      expect(existsSync(join(root, "assignments"))).toBe(false);
    }),
  );

  it("reads a roster of one id a line, naming the line of a bad or repeated id", () => {
    expect(readRoster("# class of 2025\nalice\n\nbob\n", "roster.txt")).toEqual(["alice", "bob"]);
    expect(() => readRoster("alice\nbob smith\n", "roster.txt")).toThrow(/^roster\.txt:2: "bob smith" is not a usable student id/);
    expect(() => readRoster("alice\nbob\nalice\n", "roster.txt")).toThrow(/^roster\.txt:3: "alice" is already on line 1/);
  });
});
