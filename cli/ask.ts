import { createInterface } from "node:readline/promises";

/**
 * Asks a yes/no question when a person is at the terminal; answers yes by itself when `assumeYes`
 * is set or nobody is there to ask (CI, a pipe), so the README's commands work unattended.
 */
export async function confirm(question: string, assumeYes: boolean): Promise<boolean> {
  if (assumeYes || !process.stdin.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(`${question} [Y/n] `)).trim().toLowerCase();
    return answer === "" || answer === "y" || answer === "yes";
  } finally {
    rl.close();
  }
}
