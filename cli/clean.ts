import { cleanStaleSessions } from "minicloud";

/** `minicloud clean`: removes what dead sessions left behind, never a live session's. */
export async function clean(): Promise<number> {
  const report = await cleanStaleSessions();
  console.log(
    [
      `sessions no longer running: ${report.sessions.length}`,
      `Docker containers removed:  ${report.dockerContainers.length}`,
      `Docker networks removed:    ${report.dockerNetworks.length}`,
      `processes stopped:          ${report.processes.length}`,
      `folders removed:            ${report.folders.length}`,
    ].join("\n"),
  );
  return 0;
}
