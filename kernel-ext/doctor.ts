import { createRequire } from "node:module";
import { join } from "node:path";
import { decideEngine, escapeHtml, packageRoot, probeDocker, VERSION, type Displayable, type DockerProbe, type MimeBundle } from "minicloud";
import { createJupyterFinder, type JupyterInstall } from "./jupyter-finder.js";
import { isKernelspecCurrent, kernelspecDir } from "./kernelspec.js";

/** How one check went: `fail` blocks the workbook, `warn` limits it, `ok` is fine. */
export type CheckStatus = "ok" | "warn" | "fail";

/** One line of the doctor's report. */
export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it, for anything not `ok`. */
  fix?: string;
}

/** Everything `minicloud doctor` found. */
export interface DoctorReport {
  minicloud: string;
  checks: DoctorCheck[];
  /** The engine `Cloud.start({ engine: "auto" })` would pick here. */
  autoEngine: string;
}

const MIN_NODE = [20, 19] as const;

function nodeCheck(): DoctorCheck {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { name: "Node.js", status: "ok", detail: process.version }
    : {
        name: "Node.js",
        status: "fail",
        detail: `${process.version} is too old`,
        fix: `install Node.js ${MIN_NODE.join(".")} or newer (the kernel loads minicloud's ES modules with require)`,
      };
}

function tslabCheck(root: string): DoctorCheck {
  try {
    const version = (createRequire(join(root, "package.json"))("tslab/package.json") as { version: string }).version;
    return { name: "tslab", status: "ok", detail: version };
  } catch {
    return { name: "tslab", status: "fail", detail: "not installed", fix: "run `npm install` in the project folder" };
  }
}

function describeJupyter(install: JupyterInstall): string {
  const parts = [
    install.jupyterlab && `JupyterLab ${install.jupyterlab}`,
    install.notebook && `Notebook ${install.notebook}`,
    install.nbconvert && `nbconvert ${install.nbconvert}`,
  ].filter(Boolean);
  return `${parts.join(", ")} under ${install.python}`;
}

function jupyterChecks(root: string): DoctorCheck[] {
  const find = createJupyterFinder(root);
  const frontend = find("frontend");
  const runner = find("nbconvert");
  return [
    frontend
      ? { name: "Jupyter", status: "ok", detail: describeJupyter(frontend) }
      : {
          name: "Jupyter",
          status: "fail",
          detail: "no JupyterLab or Notebook found",
          fix: "run `npm start`: it offers to install Jupyter (or: sudo apt-get install -y jupyter-notebook)",
        },
    runner
      ? { name: "nbconvert", status: "ok", detail: describeJupyter(runner) }
      : {
          name: "nbconvert",
          status: "warn",
          detail: "not found: notebooks cannot be executed from the command line",
          fix: "sudo apt-get install -y jupyter-nbconvert python3-nbclient",
        },
  ];
}

function kernelspecCheck(root: string): DoctorCheck {
  return isKernelspecCurrent(root)
    ? { name: "kernelspec", status: "ok", detail: `minicloud in ${kernelspecDir(root)}` }
    : {
        name: "kernelspec",
        status: "warn",
        detail: "minicloud kernel not installed (or made for another Node or folder)",
        fix: "run `npx minicloud kernel install` (`npm start` does it for you)",
      };
}

function dockerCheck(docker: DockerProbe): DoctorCheck {
  return docker.reachable
    ? { name: "Docker", status: "ok", detail: `engine ${docker.version ?? "?"} at ${docker.host}` }
    : {
        name: "Docker",
        status: "warn",
        detail: `no engine answered at ${docker.host} (${docker.reason ?? "no reason given"})`,
        fix: "optional: `sudo bash scripts/setup-docker.sh`; without Docker minicloud runs containers on its embedded process engine",
      };
}

/** Checks everything the workbook needs on this machine and says how to fix what is missing. */
export async function runDoctor(root: string = packageRoot()): Promise<DoctorReport> {
  const engine = await decideEngine("auto");
  // Deciding "auto" probes Docker already; probe it only when MINICLOUD_ENGINE made that unnecessary.
  const docker = dockerCheck(engine.docker ?? (await probeDocker()));
  const checks = [nodeCheck(), tslabCheck(root), ...jupyterChecks(root), kernelspecCheck(root), docker];
  return { minicloud: VERSION, checks, autoEngine: `${engine.engine} (${engine.reason})` };
}

const MARK: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };

/** The report as text lines, one per check, with the fix under anything not ok. */
export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [`minicloud ${report.minicloud}`];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.fix) lines.push(`  ${" ".repeat(width)}  fix: ${check.fix}`);
  }
  lines.push(`  ${"engine".padEnd(width)}  auto picks ${report.autoEngine}`);
  return lines.join("\n");
}

/** The report as a notebook table (HTML) with its text face. */
export function doctorBundle(report: DoctorReport): MimeBundle {
  const colour: Record<CheckStatus, string> = { ok: "#1a7f37", warn: "#9a6700", fail: "#cf222e" };
  const rows = report.checks.map(
    (c) =>
      `<tr><td style="color:${colour[c.status]}">${MARK[c.status]}</td><th style="text-align:left">${escapeHtml(c.name)}</th>` +
      `<td style="text-align:left">${escapeHtml(c.detail)}${c.fix ? `<br><small>fix: ${escapeHtml(c.fix)}</small>` : ""}</td></tr>`,
  );
  rows.push(`<tr><td></td><th style="text-align:left">engine</th><td style="text-align:left">auto picks ${escapeHtml(report.autoEngine)}</td></tr>`);
  return {
    "text/html": `<table><caption style="text-align:left">minicloud ${escapeHtml(report.minicloud)}</caption>${rows.join("")}</table>`,
    "text/plain": formatDoctorReport(report),
  };
}

/**
 * Runs the doctor's checks and returns a report that shows itself as a table in a notebook.
 * @example await display(await doctor())
 */
export async function doctor(root: string = packageRoot()): Promise<DoctorReport & Displayable> {
  const report = await runDoctor(root);
  return { ...report, toMimeBundle: () => doctorBundle(report) };
}
