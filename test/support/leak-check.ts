// Vitest global setup: the whole test run uses its own MINICLOUD_HOME, and at the end nothing of any
// minicloud session started during the run is left: no container or network on the Docker engine, no
// container process, no session folder. Sessions that were live before the run (a notebook the person
// running the tests has open) are left alone, and so are the sessions of another test run going on beside
// this one (their records name another MINICLOUD_HOME).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { liveSessionIds, readSessionRecords } from "../../src/engines/session-records.js";

function leakedProcesses(isOurs: (session: string) => boolean): string[] {
  const leaks: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const session = readFileSync(`/proc/${entry}/environ`, "utf8")
        .split("\0")
        .find((v) => v.startsWith("MINICLOUD_SESSION="))
        ?.slice("MINICLOUD_SESSION=".length);
      if (session && isOurs(session)) leaks.push(`process ${entry} of session ${session}`);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return leaks;
}

/** The minicloud containers and networks on the Docker engine, with their sessions (none when no engine answers). */
async function dockerObjects(): Promise<{ name: string; session: string }[]> {
  const { default: Docker } = await import("dockerode");
  const docker = new Docker({ timeout: 3000 });
  try {
    await docker.ping();
  } catch {
    return [];
  }
  const filters = { label: ["minicloud.session"] };
  const containers = (await docker.listContainers({ all: true, filters })).map((c) => ({ name: `container ${c.Names.join(",")}`, session: c.Labels["minicloud.session"] ?? "" }));
  const networks = (await docker.listNetworks({ filters })).map((n) => ({ name: `network ${n.Name}`, session: n.Labels?.["minicloud.session"] ?? "" }));
  return [...containers, ...networks];
}

export default async function setup(): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), "minicloud-home-test-"));
  process.env["MINICLOUD_HOME"] = home;
  // Live sessions, and whatever a session that ended before this run left on the engine: not this run's.
  const before = new Set([...liveSessionIds(), ...(await dockerObjects()).map((o) => o.session)]);
  return async () => {
    const findLeaks = async (): Promise<string[]> => {
      const records = readSessionRecords();
      const isOurs = (session: string): boolean => {
        const record = records.get(session);
        return session !== "" && (record ? record.home === home : !before.has(session));
      };
      return [
        ...leakedProcesses(isOurs),
        ...(await dockerObjects()).filter((o) => isOurs(o.session)).map((o) => o.name),
        ...readdirSync(tmpdir())
          .filter((name) => /^minicloud-[0-9a-f]{12}$/.test(name) && isOurs(name.slice("minicloud-".length)))
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
