// Vitest global setup: the whole test run uses its own MINICLOUD_HOME, and at the end nothing of any
// minicloud session started during the run is left: no container or network on the Docker engine, no
// container process, no session folder. Sessions that were live before the run (a notebook the person
// running the tests has open) are left alone, and so are the sessions of another test run going on beside
// this one (their records name another MINICLOUD_HOME).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SESSION_FOLDER_NAME } from "../../src/engines/session-folder.js";
import { liveSessionIds, readSessionRecords } from "../../src/engines/session-records.js";
import { sessionDockerObjects, sessionProcesses } from "./session-objects.js";

export default async function setup(): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), "minicloud-home-test-"));
  process.env["MINICLOUD_HOME"] = home;
  // Live sessions, and whatever a session that ended before this run left on the engine: not this run's.
  const before = new Set(liveSessionIds());
  await sessionDockerObjects((session) => (before.add(session), false));
  return async () => {
    const findLeaks = async (): Promise<string[]> => {
      const records = readSessionRecords();
      const isOurs = (session: string): boolean => {
        const record = records.get(session);
        return session !== "" && (record ? record.home === home : !before.has(session));
      };
      return [
        ...sessionProcesses(isOurs),
        ...(await sessionDockerObjects(isOurs)),
        ...readdirSync(tmpdir())
          .filter((name) => isOurs(SESSION_FOLDER_NAME.exec(name)?.[1] ?? ""))
          .map((name) => `folder ${join(tmpdir(), name)}`),
      ];
    };
    let leaks = await findLeaks();
    if (leaks.length > 0) {
      // A session of a run beside this one may be in the middle of removing its things after its record
      // went: only what is still there a moment later is a leak.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const again = new Set(await findLeaks());
      leaks = leaks.filter((leak) => again.has(leak));
    }
    rmSync(home, { recursive: true, force: true });
    if (leaks.length > 0) {
      // A teardown error alone does not fail a vitest run: set the exit code as well.
      process.exitCode = 1;
      throw new Error(`The tests left minicloud objects behind (after fixing the leak, "npx minicloud clean" removes them):\n  ${leaks.join("\n  ")}`);
    }
  };
}
