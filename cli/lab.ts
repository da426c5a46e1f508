// `minicloud lab status` and `minicloud lab reset`: an instructor's view of a class's checkpoints, and
// a clean start for one student's lab. Status only reads homes; reset acts on one home.
import { parseArgs } from "node:util";
import { formatStatusTable, homesAtPaths, homesOfUsers, labNames, labStatus, minicloudHome, resetLab, type StudentHome } from "minicloud";

export const LAB_USAGE = `Usage:
  minicloud lab status [LAB] [--home DIR]... [--users NAME,NAME|*] [--json]
      every student's checkpoints, read from their minicloud homes (default: your own);
      --home: a student's minicloud home (repeat it, or use a shell glob: --home /srv/class/*);
      --users: login names whose ~/.minicloud to read, or * for every person's account that has one
  minicloud lab reset LAB [--home DIR]
      end LAB's sessions, remove its containers, images and checkpoint records (your home, or DIR)`;

/** The homes the options name: paths, login names, or this user's own. */
function chosenHomes(paths: string[], users: string[]): { homes: StudentHome[]; unknownUsers: string[] } {
  const byUser = homesOfUsers(users.flatMap((u) => u.split(",")).filter((u) => u !== ""));
  const unknownUsers = byUser.filter((h) => !h.known).map((h) => h.name ?? "");
  const homes = [...homesAtPaths(paths), ...byUser.filter((h) => h.known).map(({ home, name }) => ({ home, ...(name !== undefined ? { name } : {}) }))];
  return { homes: paths.length === 0 && users.length === 0 ? [{ home: minicloudHome() }] : homes, unknownUsers };
}

async function status(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { home: { type: "string", multiple: true }, users: { type: "string", multiple: true }, json: { type: "boolean" } } });
  if (positionals.length > 1) return (console.error(LAB_USAGE), 2);
  const { homes, unknownUsers } = chosenHomes(values.home ?? [], values.users ?? []);
  for (const name of unknownUsers) console.error(`minicloud lab status: there is no account "${name}" on this machine.`);
  const labs = labStatus(homes, positionals[0]);
  if (values.json) console.log(JSON.stringify(labs, null, 2));
  else if (labs.length === 0) console.log(`No lab checkpoints in ${homes.length} home(s) yet. Labs: ${labNames().join(", ")}.`);
  for (const lab of values.json ? [] : labs) {
    console.log(`Lab ${lab.lab}: ${lab.title} (${lab.students.length} student${lab.students.length === 1 ? "" : "s"})\n`);
    console.log(formatStatusTable(lab.checkpoints, lab.students));
    console.log("");
  }
  const unread = labs.flatMap((l) => l.students).some((s) => s.problem !== undefined);
  return unknownUsers.length > 0 || unread ? 1 : 0;
}

async function reset(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { home: { type: "string" } } });
  if (positionals.length !== 1) return (console.error(LAB_USAGE), 2);
  const report = await resetLab(positionals[0]!, values.home !== undefined ? { home: values.home } : {});
  console.log(
    [
      `Lab ${report.lab} reset in ${report.home}:`,
      `  sessions ended:        ${report.sessions.length} (${report.stoppedByOwner.length} shut themselves down)`,
      `  containers removed:    ${report.dockerContainers + report.processes}`,
      `  images removed:        ${report.images.length}${report.images.length > 0 ? ` (${report.images.join(", ")})` : ""}`,
      `  checkpoint records:    ${report.checkpointRecords} forgotten`,
      ...report.unanswered.map(
        (u) => `warning: session ${u.sessionId} of process ${u.ownerPid} did not shut down when asked; its containers were removed, but restart that notebook's kernel (or end process ${u.ownerPid}) so it starts no more.`,
      ),
    ].join("\n"),
  );
  return report.unanswered.length > 0 ? 1 : 0;
}

/** Runs `minicloud lab ...`; resolves to the exit code. */
export async function lab(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "status") return status(rest);
  if (sub === "reset") return reset(rest);
  console.error(LAB_USAGE);
  return 2;
}
