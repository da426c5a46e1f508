import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { packageRoot, readAssignmentLayout, type GradingNotebook } from "minicloud";
import { createProcessSandbox, findSubmissions, gradeBatch } from "../kernel-ext/grader/index.js";
import { findJupyter, installKernelspec, jupyterEnv } from "../kernel-ext/index.js";
import type { Benchmark, Measurement } from "./support/types.js";
import { median, percentile, round2 } from "./support/measure.js";

const COPIES = 6;
const NBCONVERT_RUNS = 2;

/** A class of COPIES full-marks a1-lambda submissions graded on the process sandbox, next to nbconvert executing the same notebook. */
const benchmark: Benchmark = {
  name: "grading",
  description: `${COPIES} a1-lambda submissions graded by minicloud grade (process sandbox, jobs = cores) vs jupyter nbconvert --execute of the same notebook`,
  async run() {
    const root = packageRoot();
    const read = (copy: string): GradingNotebook => JSON.parse(readFileSync(join(root, "assignments/a1-lambda", copy, "a1-lambda.ipynb"), "utf8")) as GradingNotebook;
    const layout = readAssignmentLayout("a1-lambda", read("release"), read("instructor"));
    const dir = mkdtempSync(join(tmpdir(), "minicloud-bench-grading-"));
    try {
      const full = join(root, "test/fixtures/grading/a1/full.ipynb");
      mkdirSync(join(dir, "class"));
      for (let i = 0; i < COPIES; i++) copyFileSync(full, join(dir, "class", `student${i}.ipynb`));
      const started = performance.now();
      const result = await gradeBatch(findSubmissions([join(dir, "class")]), {
        layout,
        sandbox: createProcessSandbox(),
        limits: { cellTimeoutS: 60, notebookTimeoutS: 300, maxOutputBytes: 2 * 1024 * 1024 },
        outDir: join(dir, "out"),
        jobs: availableParallelism(),
        force: true,
      });
      const minutes = (performance.now() - started) / 60_000;
      const perSubmission = result.grades.map((g) => g.durationMs);
      const rate = COPIES / minutes;
      const results: Measurement[] = [
        { metric: "grade_median_ms", value: round2(median(perSubmission)), unit: "ms" },
        { metric: "grade_p95_ms", value: round2(percentile(perSubmission, 95)), unit: "ms" },
        { metric: "submissions_per_minute", value: round2(rate), unit: "/min", target: "≥ 60 (process sandbox)", met: rate >= 60 },
        { metric: "full_marks", value: result.grades.filter((g) => g.points === g.maxPoints).length, unit: `of ${COPIES}` },
      ];
      const jupyter = findJupyter("nbconvert", root);
      if (jupyter === undefined) {
        results.push({ metric: "nbconvert_ms", value: Number.NaN, unit: "ms", target: "skipped: nbconvert is not installed" });
        return results;
      }
      installKernelspec(root);
      // nbconvert needs the notebook where tslab finds "minicloud": inside the project.
      const inProject = mkdtempSync(join(root, "notebooks", ".bench-"));
      try {
        copyFileSync(join(root, "assignments/a1-lambda/instructor/a1-lambda.ipynb"), join(inProject, "a1.ipynb"));
        const times: number[] = [];
        for (let i = 0; i < NBCONVERT_RUNS; i++) {
          const t = performance.now();
          execFileSync(jupyter.python, ["-m", "nbconvert", "--to", "notebook", "--execute", "--output", join(dir, "nbconvert.ipynb"), relative(root, join(inProject, "a1.ipynb"))], { cwd: root, env: jupyterEnv(root), stdio: "ignore" });
          times.push(performance.now() - t);
        }
        results.push({ metric: "nbconvert_execute_ms", value: round2(median(times)), unit: "ms" });
      } finally {
        rmSync(inProject, { recursive: true, force: true });
      }
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default benchmark;
