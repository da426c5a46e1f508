import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCourse, parseCourseSource } from "minicloud";

const head = '---\ntitle: "t"\n---\n'; // the body starts on line 4
const exercise = (inner: string, marker = "<!-- exercise: ex points=2 -->") =>
  `${head}${marker}\n\nDo it.\n\n${inner}\n\n<!-- end exercise -->\n`;
const answer = "```ts id=ans role=answer\nfunction f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\n```";
const checkCell = '```ts id=chk role=check\nawait check("06-monthly-cost", f);\n```';

const cases: [string, string, RegExp][] = [
  ["an unknown exercise id in a check", exercise(`${answer}\n\n\`\`\`ts id=chk role=check\nawait check("06-monthly-cots", f);\n\`\`\``), /^x\.md:17: check\("06-monthly-cots", \.\.\.\) names an exercise the grading registry does not know; define it in src\/grading\/exercises\//],
  ["an unknown exercise id in a hidden check", exercise(`${answer}\n\n${checkCell}\n\n\`\`\`ts role=hidden-check\nawait check("nope", f);\n\`\`\``), /^x\.md:21: check\("nope"/],
  ["a duplicate exercise id", exercise(`${answer}\n\n${checkCell}`) + "\n<!-- exercise: ex points=1 -->\n\nAgain.\n\n<!-- end exercise -->\n", /^x\.md:22: cell id "ex" is used twice/],
  ["a duplicate cell id", `${head}<!-- cell: a -->\nx\n\n\`\`\`ts id=a\n1\n\`\`\``, /^x\.md:7: cell id "a" is used twice/],
  ["a solution block outside an exercise", `${head}<!-- cell: a -->\nx\n\n\`\`\`ts id=s role=solution\n1\n\`\`\``, /^x\.md:7: a role=solution block is outside an exercise: put it between <!-- exercise: id points=N --> and <!-- end exercise -->/],
  ["a solution region in a plain cell", `${head}\`\`\`ts id=s\nconst a = 1;\n// BEGIN SOLUTION\n// END SOLUTION\n\`\`\``, /^x\.md:6: solution and hidden-test markers belong only in a ```ts role=answer fence inside an exercise/],
  ["a hint outside an exercise", `${head}<!-- hint: h -->\nthink`, /^x\.md:4: a hint belongs inside an exercise/],
  ["a rubric outside an exercise", `${head}<!-- rubric: r -->\nall or nothing`, /^x\.md:4: a rubric belongs inside an exercise/],
  ["two rubrics", exercise(`${answer}\n\n${checkCell}\n\n<!-- rubric: r1 -->\n\nOne.\n\n<!-- rubric: r2 -->\n\nTwo.`), /^x\.md:24: exercise "ex" already has a rubric/],
  ["an empty rubric", exercise(`${answer}\n\n${checkCell}\n\n<!-- rubric: r -->`), /^x\.md:20: a rubric needs text/],
  ["missing points", exercise(`${answer}\n\n${checkCell}`, "<!-- exercise: ex -->"), /^x\.md:4: exercise "ex" needs points: write <!-- exercise: ex points=3 -->/],
  ["bad points", exercise(`${answer}\n\n${checkCell}`, "<!-- exercise: ex points=lots -->"), /^x\.md:4: points must be a number from 0 to 1000/],
  ["an unclosed solution region", exercise("```ts id=ans role=answer\nfunction f() {\n  // BEGIN SOLUTION\n  return 1;\n}\n```\n\n" + checkCell), /^x\.md:10: this solution region is never closed: add a line "\/\/ END SOLUTION"/],
  ["a nested solution region", exercise("```ts id=ans role=answer\n// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n```\n\n" + checkCell), /^x\.md:10: a solution region opened on the line 1 above is still open/],
  ["an END without BEGIN", exercise("```ts id=ans role=answer\n// END SOLUTION\n```\n\n" + checkCell), /^x\.md:9: \/\/ END SOLUTION without a \/\/ BEGIN SOLUTION/],
  ["an answer cell without a region", exercise("```ts id=ans role=answer\nfunction f() {}\n```\n\n" + checkCell), /^x\.md:9: an answer cell needs at least one region .* write role=solution/],
  ["an unclosed exercise", `${head}<!-- exercise: ex points=1 -->\n\nDo it.\n\n${answer}\n\n${checkCell}\n`, /^x\.md:4: exercise "ex" is never closed: add <!-- end exercise -->/],
  ["a nested exercise", `${head}<!-- exercise: ex points=1 -->\n\nDo it.\n\n<!-- exercise: ex2 points=1 -->\n\nx\n`, /^x\.md:8: exercise "ex" \(line 4\) is still open/],
  ["an end without an exercise", `${head}<!-- cell: a -->\nx\n\n<!-- end exercise -->\n`, /^x\.md:7: <!-- end exercise --> without an <!-- exercise/],
  ["an exercise without a check", exercise(answer), /^x\.md:4: exercise "ex" has no check cell/],
  ["an exercise without an answer", exercise(checkCell), /^x\.md:4: exercise "ex" has no answer cell/],
  ["two check cells", exercise(`${answer}\n\n${checkCell}\n\n\`\`\`ts id=chk2 role=check\n1\n\`\`\``), /^x\.md:20: exercise "ex" already has a check cell/],
  ["an unknown role", exercise("```ts id=ans role=grader\n1\n```"), /^x\.md:8: unknown role "grader"/],
  ["a misspelt marker", `${head}<!-- exercise ex points=1 -->\n`, /^x\.md:4: write an exercise marker on one line as <!-- exercise: some-id points=3 -->/],
  ["an unknown placeholder", exercise(`${answer}\n\n${checkCell}`).replace("Do it.", "Use {{memory}} MB."), /^x\.md:6: unknown placeholder \{\{memory\}\}: exercise "ex" declares no parameters/],
  ["a parameter outside its exercise", `${head}<!-- cell: a -->\n{{memoryMB}}\n`, /^x\.md:5: unknown placeholder \{\{memoryMB\}\}: outside an exercise only \{\{student\}\} works/],
  ["an unknown front matter key", '---\ntitle: "t"\nobjective: x\n---\n<!-- cell: a -->\nx', /^x\.md:3: unknown front matter key "objective"/],
  ["objectives that are not a list", '---\ntitle: "t"\nobjectives: learn\n---\n<!-- cell: a -->\nx', /^x\.md:3: "objectives" must be a list of strings/],
];

describe("bad course sources", () => {
  it.each(cases)("refuses %s with file:line and what to fix", async (_, text, message) => {
    await expect(parseCourseSource(text, "x.md")).rejects.toMatchObject({ name: "InvalidCourseSource", message: expect.stringMatching(message) });
  });

  it("writes nothing, not even the good sources' notebooks, when one assignment source fails", async () => {
    const root = mkdtempSync(join(tmpdir(), "minicloud-bad-"));
    try {
      mkdirSync(join(root, "notebooks", "sources", "assignments"), { recursive: true });
      writeFileSync(join(root, "notebooks", "sources", "good.md"), `${head}<!-- cell: a -->\nfine\n`);
      writeFileSync(join(root, "notebooks", "sources", "assignments", "bad.md"), exercise(answer));
      await expect(buildCourse({ root })).rejects.toThrow(/notebooks\/sources\/assignments\/bad\.md:4: exercise "ex" has no check cell/);
      expect(readdirSync(join(root, "notebooks")).sort()).toEqual(["sources"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses to build an assignment whose exercise has no rubric, and a course notebook does not need one", async () => {
    const root = mkdtempSync(join(tmpdir(), "minicloud-bad-"));
    try {
      mkdirSync(join(root, "notebooks", "sources", "assignments"), { recursive: true });
      writeFileSync(join(root, "notebooks", "sources", "course.md"), exercise(`${answer}\n\n${checkCell}`));
      writeFileSync(join(root, "notebooks", "sources", "assignments", "graded.md"), exercise(`${answer}\n\n${checkCell}`));
      await expect(buildCourse({ root })).rejects.toThrow(/notebooks\/sources\/assignments\/graded\.md:4: exercise "ex" of an assignment has no rubric: add <!-- rubric: ex-rubric --> and say what earns its 2 points/);
      writeFileSync(join(root, "notebooks", "sources", "assignments", "graded.md"), exercise(`${answer}\n\n${checkCell}\n\n<!-- rubric: r -->\n\nBoth points when the check passes.`));
      expect((await buildCourse({ root })).map((b) => b.notebook.slice(root.length))).toEqual(["/notebooks/course.ipynb", "/assignments/graded/release/graded.ipynb", "/assignments/graded/instructor/graded.ipynb"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
