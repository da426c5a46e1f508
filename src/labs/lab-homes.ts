// How an instructor names the students whose labs to look at. Two ways, both read-only:
//   - minicloud homes by path (`--home DIR`, repeated, or a shell glob such as /srv/class/*), for a class
//     whose students set MINICLOUD_HOME to a shared, group-readable folder;
//   - login names (`--users alice,bob`, or `*` for every account of a person), whose homes are the
//     default `~/.minicloud` of each account, found in /etc/passwd.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** A student's minicloud home, and the name it was found by. */
export interface StudentHome {
  home: string;
  /** The login name, when found by one. */
  name?: string;
}

/** Accounts below this uid (and `nobody`) are the system's, not people's. */
const FIRST_PERSON_UID = 1000;
const NOBODY_UID = 65534;

/** Parses /etc/passwd lines into login names, uids and home folders. */
export function passwdAccounts(passwd: string): { name: string; uid: number; dir: string }[] {
  return passwd
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.split(":"))
    .filter((f) => f.length >= 7)
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), dir: f[5]! }));
}

/**
 * The minicloud homes of the named accounts (`~/.minicloud` of each), or of every person's account that
 * has one when `users` is `["*"]`. A name with no account comes back without a home, to be reported.
 */
export function homesOfUsers(users: string[], passwd: string = readFileSync("/etc/passwd", "utf8")): (StudentHome & { known: boolean })[] {
  const accounts = passwdAccounts(passwd);
  if (users.length === 1 && users[0] === "*") {
    return accounts
      .filter((a) => a.uid >= FIRST_PERSON_UID && a.uid !== NOBODY_UID && existsSync(join(a.dir, ".minicloud")))
      .map((a) => ({ name: a.name, home: join(a.dir, ".minicloud"), known: true }));
  }
  return users.map((name) => {
    const account = accounts.find((a) => a.name === name);
    return account ? { name, home: join(account.dir, ".minicloud"), known: true } : { name, home: "", known: false };
  });
}

/** The login name of a user id, from /etc/passwd, if it has one. */
export function accountName(uid: number, passwd?: string): string | undefined {
  try {
    return passwdAccounts(passwd ?? readFileSync("/etc/passwd", "utf8")).find((a) => a.uid === uid)?.name;
  } catch {
    return undefined;
  }
}

/** Homes given by path, as absolute paths, each once. */
export function homesAtPaths(paths: string[]): StudentHome[] {
  return [...new Set(paths.map((p) => resolve(p)))].map((home) => ({ home }));
}
