import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { insertHiddenChecks, matchCells, packageRoot, probeDocker, readAssignmentLayout, restoreLockedCells, type AssignmentLayout, type GradingNotebook } from "minicloud";
import { createDockerSandbox, createKernelPool, createProcessSandbox, defaultJobs, executeGradingNotebook, findSubmissions, gradeBatch, type Sandbox, type SandboxKind } from "../kernel-ext/grader/index.js";
import { findJupyter, installKernelspec, jupyterEnv } from "../kernel-ext/index.js";
import type { Benchmark, Measurement } from "./support/types.js";
import { median, percentile, round2 } from "./support/measure.js";

/** The class size of the targets; MINICLOUD_BENCH_COPIES makes a quicker run. */
const COPIES = Number(process.env["MINICLOUD_BENCH_COPIES"] ?? 50);
const NBCONVERT_RUNS = 2;
const TARGETS: Record<SandboxKind, number> = { process: 60, docker: 40 };

const LIMITS = { cellTimeoutS: 60, notebookTimeoutS: 300, maxOutputBytes: 2 * 1024 * 1024 };

function a1Layout(): AssignmentLayout {
  const read = (copy: string): GradingNotebook => JSON.parse(readFileSync(join(packageRoot(), "assignments/a1-lambda", copy, "a1-lambda.ipynb"), "utf8")) as GradingNotebook;
  return readAssignmentLayout("a1-lambda", read("release"), read("instructor"));
}

/**
 * Where one submission's time goes, graded alone: starting and warming its kernel (what the pool overlaps
 * with other submissions), then its cells — all of them, and the slowest, a check that waits on SQS. The
 * first kernel's start, which builds the kernel snapshot if it must, is measured apart.
 */
async function phases(kind: SandboxKind, sandbox: Sandbox, submission: string): Promise<Measurement[]> {
  const layout = a1Layout();
  const notebook = JSON.parse(readFileSync(submission, "utf8")) as GradingNotebook;
  const match = matchCells(layout, notebook);
  const run = insertHiddenChecks(layout, restoreLockedCells(layout, notebook, match).notebook, "student0");
  // The batch's first kernel waits for the kernel snapshot to be built when there is none yet: timed apart.
  const first = performance.now();
  await (await sandbox.startKernel()).kill();
  const firstMs = performance.now() - first;
  const pool = createKernelPool(sandbox, { ahead: 1, total: 1 });
  try {
    const started = performance.now();
    const kernel = await pool.acquire();
    const warm = performance.now() - started;
    const executed = await executeGradingNotebook(run.notebook, kernel, LIMITS, !pool.killEndsAll);
    const cells = executed.run.cells.map((c) => c.durationMs);
    return [
      { metric: `${kind}_first_kernel_ms`, value: round2(firstMs), unit: "ms, snapshot build included" },
      { metric: `${kind}_kernel_warm_ms`, value: round2(warm), unit: "ms" },
      { metric: `${kind}_cells_ms`, value: cells.reduce((a, b) => a + b, 0), unit: `ms, ${cells.length} cells` },
      { metric: `${kind}_slowest_cell_ms`, value: Math.max(...cells), unit: "ms" },
    ];
  } finally {
    await pool.close();
  }
}

/** Grades the class on one sandbox, as many at once as `minicloud grade` does by default, and measures it. */
async function gradeClass(kind: SandboxKind, sandbox: Sandbox, classDir: string, outDir: string): Promise<Measurement[]> {
  const layout = a1Layout();
  const started = performance.now();
  const result = await gradeBatch(findSubmissions([classDir]), {
    layout,
    sandbox,
    limits: LIMITS,
    outDir,
    jobs: defaultJobs(),
    force: true,
  });
  const rate = COPIES / ((performance.now() - started) / 60_000);
  const perSubmission = result.grades.map((g) => g.durationMs);
  return [
    { metric: `${kind}_grade_median_ms`, value: round2(median(perSubmission)), unit: "ms" },
    { metric: `${kind}_grade_p95_ms`, value: round2(percentile(perSubmission, 95)), unit: "ms" },
    { metric: `${kind}_submissions_per_minute`, value: round2(rate), unit: "/min", target: `≥ ${TARGETS[kind]} (${kind} sandbox, 2 cores)`, met: rate >= TARGETS[kind] },
    { metric: `${kind}_full_marks`, value: result.grades.filter((g) => g.points === g.maxPoints).length, unit: `of ${COPIES}` },
  ];
}

/** jupyter nbconvert --execute of the instructor copy, one at a time: what a grader without minicloud would wait. */
function nbconvert(dir: string): Measurement[] {
  const root = packageRoot();
  const jupyter = findJupyter("nbconvert", root);
  if (jupyter === undefined) return [{ metric: "nbconvert_execute_ms", value: Number.NaN, unit: "ms", target: "skipped: nbconvert is not installed" }];
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
    return [
      { metric: "nbconvert_execute_ms", value: round2(median(times)), unit: "ms" },
      { metric: "nbconvert_notebooks_per_minute", value: round2(60_000 / median(times)), unit: "/min" },
    ];
  } finally {
    rmSync(inProject, { recursive: true, force: true });
  }
}

/** A class of COPIES full-marks a1-lambda submissions graded on each sandbox, next to nbconvert executing the same notebook. */
const benchmark: Benchmark = {
  name: "grading",
  description: `${COPIES} a1-lambda submissions graded by minicloud grade on the process and Docker sandboxes (default jobs: twice the cores), one graded alone for its phases, vs jupyter nbconvert --execute of the same notebook`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "minicloud-bench-grading-"));
    try {
      const full = join(packageRoot(), "test/fixtures/grading/a1/full.ipynb");
      mkdirSync(join(dir, "class"));
      for (let i = 0; i < COPIES; i++) copyFileSync(full, join(dir, "class", `student${i}.ipynb`));
      const results: Measurement[] = [];
      const processSandbox = createProcessSandbox();
      try {
        results.push(...(await phases("process", processSandbox, full)));
        results.push(...(await gradeClass("process", processSandbox, join(dir, "class"), join(dir, "out-process"))));
      } finally {
        await processSandbox.close();
      }
      const probe = await probeDocker();
      if (!probe.reachable) {
        results.push({ metric: "docker_submissions_per_minute", value: Number.NaN, unit: "/min", target: `skipped: no Docker engine answered (${probe.reason ?? "no answer"})` });
      } else {
        const docker = await createDockerSandbox();
        try {
          results.push(...(await phases("docker", docker, full)));
          results.push(...(await gradeClass("docker", docker, join(dir, "class"), join(dir, "out-docker"))));
        } finally {
          await docker.close();
        }
      }
      results.push(...nbconvert(dir));
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default benchmark;
