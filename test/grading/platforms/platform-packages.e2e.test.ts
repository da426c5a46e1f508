import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNotebook, exerciseParameters, lambdaCost, packageRoot, parseCourseSource } from "minicloud";
import { requirement } from "../../support/requirements.js";

const run = promisify(execFile);
const project = packageRoot();
const cli = join(project, "bin", "minicloud.js");
const release = join(project, "assignments/a0-example/release/a0-example.ipynb");
const unzipFound = (() => {
  try {
    execFileSync("unzip", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const unzip = requirement("unzip", unzipFound, "sudo apt-get install unzip");

/** A student's a0 notebook with the instructor's answer filled in for `answersFor`'s numbers. */
async function submission(student: string, answersFor: string): Promise<string> {
  const parsed = await parseCourseSource(readFileSync(join(project, "notebooks/sources/assignments/a0-example.md"), "utf8"), "a0-example.md");
  const mine = buildNotebook(parsed, { copy: "student", student }) as { cells: { id: string; source: unknown }[] };
  const key = buildNotebook(parsed, { copy: "instructor", student: answersFor }) as { cells: { id: string; source: unknown }[] };
  for (const cell of mine.cells) if (cell.id === "a0-bill-answer") cell.source = key.cells.find((c) => c.id === cell.id)!.source;
  return JSON.stringify(mine);
}

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
// The scripts run with the project's own minicloud: the packaged copy would need `npm ci`, which setup.sh does on the platform.
const scriptEnv = (variable: string, root: string): NodeJS.ProcessEnv => ({ ...process.env, [variable]: root, MINICLOUD_CLI: cli });

// The packages `minicloud grade --package` writes, run as each platform runs them, in temp folders laid
// out like /autograder and /grade.
describe("grading on Gradescope and PrairieLearn with the packaged scripts", () => {
  const dir = mkdtempSync(join(tmpdir(), "minicloud-platforms-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const late = ["--due", "2025-03-07T23:59:00Z", "--late-penalty", "10%/day", "--late-cap", "50%"];
    await run(process.execPath, [cli, "grade", release, "--package", "gradescope", "--out", join(dir, "gradescope"), "--timeout", "30", ...late]);
    await run(process.execPath, [cli, "grade", release, "--package", "prairielearn", "--out", join(dir, "prairielearn"), "--timeout", "30"]);
  }, 60_000);

  /** A fresh /autograder: the zip extracted into source/, a submission and Gradescope's metadata. */
  const autograder = (name: string, notebook: string | undefined, email: string): string => {
    const root = join(dir, name);
    mkdirSync(join(root, "submission"), { recursive: true });
    execFileSync("unzip", ["-q", join(dir, "gradescope.zip"), "-d", join(root, "source")]);
    if (notebook !== undefined) writeFileSync(join(root, "submission", "a0-example.ipynb"), notebook);
    const metadata = { created_at: "2025-03-09T02:59:00.123456+00:00", assignment: { due_date: "2025-03-20T23:59:00.000000+00:00" }, users: [{ email, id: 7, name: "A student" }] };
    writeFileSync(join(root, "submission_metadata.json"), JSON.stringify(metadata));
    return root;
  };

  it.skipIf(unzip.skip)("grades a Gradescope submission: the student's own numbers, the late penalty, results.json, and the hidden checks gone from disk", async () => {
    const root = autograder("alice", await submission("alice@example.edu", "alice@example.edu"), "alice@example.edu");
    const { stdout } = await run(join(root, "source", "run_autograder"), [], { env: scriptEnv("AUTOGRADER_ROOT", root), cwd: root });
    const results = readJson(join(root, "results", "results.json"));
    // Due 2025-03-07 by --due (not the assignment's 03-20), in 1 day 3 h late: 20% of 3 points.
    expect(results).toMatchObject({ score: 2.4, stdout_visibility: "hidden" });
    expect(results["tests"]).toEqual([
      expect.objectContaining({ name: "a0-bill", score: 3, max_score: 3, status: "passed" }),
      expect.objectContaining({ name: "Late submission", status: "failed", output: expect.stringContaining("submitted 1 day 3 h late: −20%") }),
    ]);
    expect(stdout).toContain("a0-example · alice@example.edu: 2.4 / 3");
    expect(existsSync(join(root, "source", "assignment", "instructor", "a0-example.ipynb"))).toBe(false);
  });

  it.skipIf(unzip.skip)("says a hidden check failed without showing what it expected", async () => {
    // Bob handed in Alice's answers: the public check passes, the hidden check of his own bill does not.
    const root = autograder("bob", await submission("bob@example.edu", "alice@example.edu"), "bob@example.edu");
    await run(join(root, "source", "run_autograder"), [], { env: scriptEnv("AUTOGRADER_ROOT", root), cwd: root });
    const text = readFileSync(join(root, "results", "results.json"), "utf8");
    const mine = exerciseParameters("a0-bill", "bob@example.edu");
    const expected = lambdaCost({ requests: Number(mine["requestsPerMonth"]), durationMs: Number(mine["durationMs"]), memoryMB: Number(mine["memoryMB"]) }).total;
    expect(JSON.parse(text)).toMatchObject({ score: 0, tests: [expect.objectContaining({ name: "a0-bill", status: "failed" }), expect.anything()] });
    expect(text).toContain("a hidden case failed — review a0-bill");
    expect(text).not.toContain(expected.toFixed(2));
  });

  it.skipIf(unzip.skip)("answers a Gradescope submission without a notebook with zero and what to upload", async () => {
    const root = autograder("nobody", undefined, "carol@example.edu");
    await run(join(root, "source", "run_autograder"), [], { env: scriptEnv("AUTOGRADER_ROOT", root), cwd: root });
    expect(readJson(join(root, "results", "results.json"))).toMatchObject({ score: 0, output: "No notebook was handed in; upload your a0-example.ipynb.", tests: [] });
  });

  /** A fresh /grade: the question's tests/ folder and the student's files. */
  const grade = (name: string, notebook: string): string => {
    const root = join(dir, name);
    cpSync(join(dir, "prairielearn", "questions", "a0-example", "tests"), join(root, "tests"), { recursive: true });
    mkdirSync(join(root, "student"), { recursive: true });
    writeFileSync(join(root, "student", "a0-example.ipynb"), notebook);
    return root;
  };

  it("grades a PrairieLearn submission in /grade/student and writes a score from 0 to 1", async () => {
    // PrairieLearn's students all get the shared copy, whose numbers are the default student's.
    const root = grade("pl-right", await submission("anonymous", "anonymous"));
    await run(join(root, "tests", "run"), [], { env: scriptEnv("PL_GRADE_ROOT", root), cwd: root });
    expect(readJson(join(root, "results", "results.json"))).toMatchObject({ gradable: true, score: 1, tests: [{ name: "a0-bill", points: 3, max_points: 3, message: "passed" }] });
  });

  it("marks a file that is not a notebook not gradable on PrairieLearn, so it costs no attempt", async () => {
    const root = grade("pl-broken", "{ this is not json");
    await run(join(root, "tests", "run"), [], { env: scriptEnv("PL_GRADE_ROOT", root), cwd: root });
    expect(readJson(join(root, "results", "results.json"))).toMatchObject({ gradable: false, format_errors: [expect.stringContaining("not valid JSON")] });
  });

  it("applies a late policy to a batch: submission times from a file, else the file's time said so, and platform results per student", async () => {
    const submitted = join(dir, "batch");
    mkdirSync(submitted);
    writeFileSync(join(submitted, "amy.ipynb"), await submission("amy", "amy"));
    writeFileSync(join(submitted, "ben.ipynb"), await submission("ben", "ben"));
    utimesSync(join(submitted, "ben.ipynb"), new Date("2025-03-10T00:30:00Z"), new Date("2025-03-10T00:30:00Z"));
    writeFileSync(join(dir, "times.csv"), "student,submitted_at\namy,2025-03-08T00:05:00Z\n");
    const out = join(dir, "graded");
    const { stderr } = await run(process.execPath, [cli, "grade", release, submitted, "--out", out, "--jobs", "1", "--timeout", "30", "--due", "2025-03-07T23:59:00Z", "--grace", "15m", "--late-penalty", "10%/day", "--times", join(dir, "times.csv"), "--format", "prairielearn"]);
    expect(stderr).toContain("ben is not in");
    expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toBe(
      "student,a0-bill,raw,penalty,final,max,submitted_at,time_source,hours_late\n" +
        "amy,3,3,0,3,3,2025-03-08T00:05:00.000Z,times-file,0.1\n" +
        "ben,3,3,0.9,2.1,3,2025-03-10T00:30:00.000Z,file-mtime,48.52\n",
    );
    expect(readFileSync(join(out, "ben.html"), "utf8")).toContain("submitted 2 days late: −30%");
    expect(readJson(join(out, "ben.json"))).toMatchObject({ points: 2.1, late: { rawPoints: 3, penaltyPercent: 30, timeSource: "file-mtime" } });
    expect(readJson(join(out, "ben.prairielearn.json"))).toMatchObject({ gradable: true, score: 0.7 });
  });
});
