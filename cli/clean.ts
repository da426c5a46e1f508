import { cleanStaleSessions } from "minicloud";

/** `minicloud clean`: removes what the caller's dead sessions left behind (every user's with `allUsers`), never a live session's. */
export async function clean(options: { allUsers: boolean }): Promise<number> {
  if (options.allUsers && process.getuid?.() !== 0) {
    console.error("--all-users needs root: only root may stop other users' processes and remove their folders.");
    return 2;
  }
  const report = await cleanStaleSessions({ allUsers: options.allUsers });
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
