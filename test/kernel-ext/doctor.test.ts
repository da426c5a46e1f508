import { describe, expect, it } from "vitest";
import { doctorBundle, formatDoctorReport, manualJupyterInstructions, runDoctor, type DoctorReport } from "../../kernel-ext/index.js";

const report: DoctorReport = {
  minicloud: "9.9.9",
  checks: [
    { name: "Node.js", status: "ok", detail: "v20.20.2" },
    { name: "Docker", status: "warn", detail: "no engine answered", fix: "sudo bash scripts/setup-docker.sh" },
    { name: "Jupyter", status: "fail", detail: "not found", fix: "run `npm start`" },
  ],
  autoEngine: "process (no Docker engine answered)",
};

describe("doctor", () => {
  it("prints one line per check with the fix under anything not ok", () => {
    expect(formatDoctorReport(report).split("\n")).toEqual([
      "minicloud 9.9.9",
      "✓ Node.js  v20.20.2",
      "! Docker   no engine answered",
      "           fix: sudo bash scripts/setup-docker.sh",
      "✗ Jupyter  not found",
      "           fix: run `npm start`",
      "  engine   auto picks process (no Docker engine answered)",
    ]);
  });

  it("shows the same report as an HTML table with escaped text", () => {
    const bundle = doctorBundle({ ...report, checks: [{ name: "x", status: "ok", detail: "<script>" }] });
    expect(bundle["text/html"]).toContain("&lt;script&gt;");
    expect(bundle["text/html"]).not.toContain("<script>");
  });

  it("checks Node, tslab, Jupyter, nbconvert, the kernelspec and Docker on this machine", async () => {
    const real = await runDoctor();
    expect(real.checks.map((c) => c.name)).toEqual(["Node.js", "tslab", "Jupyter", "nbconvert", "kernelspec", "Docker"]);
    expect(real.checks.find((c) => c.name === "Node.js")?.status).toBe("ok");
    for (const check of real.checks) if (check.status !== "ok") expect(check.fix).toBeTruthy();
    expect(real.autoEngine).toMatch(/^(docker|process) /);
  });

  it("tells the learner the exact commands when Jupyter cannot be installed for them", () => {
    expect(manualJupyterInstructions()).toContain("sudo apt-get install -y jupyter-notebook");
  });
});
