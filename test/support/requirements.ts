import { probeDocker } from "minicloud";
import { findJupyter, type JupyterInstall } from "../../kernel-ext/index.js";

/** True in CI, where tests that need Docker or Jupyter must run, never skip. */
export const inCI = process.env["CI"] === "true";

/**
 * Decides whether a test that needs `what` runs. Off CI a missing requirement skips the test with a
 * reason; in CI it throws, so the run fails loudly instead of passing with the test skipped.
 */
export function requirement(what: string, available: boolean, fix: string): { skip: boolean; reason: string } {
  if (available) return { skip: false, reason: "" };
  const reason = `${what} is not available here (${fix})`;
  if (inCI) throw new Error(`CI=true but ${reason}; .ci/run must install and start it.`);
  return { skip: true, reason };
}

/** Whether a Docker engine answers (and what to do when it does not). */
export async function dockerRequirement(): Promise<{ skip: boolean; reason: string }> {
  const probe = await probeDocker({ timeoutMs: 3000 });
  return requirement("a Docker engine", probe.reachable, "run `sudo bash scripts/setup-docker.sh`");
}

/** The Python with nbconvert and nbclient, when there is one. */
export function jupyterForTests(): { install: JupyterInstall | undefined; skip: boolean; reason: string } {
  const install = findJupyter("nbconvert");
  return {
    install,
    ...requirement("Jupyter nbconvert", install !== undefined, "sudo apt-get install jupyter-nbconvert python3-nbclient jupyter-client"),
  };
}
