// What of a minicloud session exists outside the process that owns it: container processes of the
// embedded engine (found by the MINICLOUD_SESSION variable in their environment) and Docker containers
// and networks (found by their label).
import { readdirSync, readFileSync } from "node:fs";

/** Container processes of the sessions `isChosen` picks. */
export function sessionProcesses(isChosen: (session: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const session = readFileSync(`/proc/${entry}/environ`, "utf8")
        .split("\0")
        .find((v) => v.startsWith("MINICLOUD_SESSION="))
        ?.slice("MINICLOUD_SESSION=".length);
      if (session && isChosen(session)) found.push(`process ${entry} of session ${session}`);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Docker containers and networks of the sessions `isChosen` picks; none when no Docker engine answers. */
export async function sessionDockerObjects(isChosen: (session: string) => boolean): Promise<string[]> {
  const { default: Docker } = await import("dockerode");
  const docker = new Docker({ timeout: 3000 });
  try {
    await docker.ping();
  } catch {
    return [];
  }
  const filters = { label: ["minicloud.session"] };
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => isChosen(c.Labels["minicloud.session"] ?? ""));
  const networks = (await docker.listNetworks({ filters })).filter((n) => isChosen(n.Labels?.["minicloud.session"] ?? ""));
  return [...containers.map((c) => `container ${c.Names.join(",")}`), ...networks.map((n) => `network ${n.Name}`)];
}

/** Everything of one session still there, processes and Docker objects. */
export async function objectsOfSession(sessionId: string): Promise<string[]> {
  const isIt = (session: string): boolean => session === sessionId;
  return [...sessionProcesses(isIt), ...(await sessionDockerObjects(isIt))];
}
