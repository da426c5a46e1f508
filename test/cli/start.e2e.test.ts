import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { requirement } from "../support/requirements.js";
import { findJupyter } from "../../kernel-ext/index.js";

const frontend = requirement("a Jupyter frontend", findJupyter("frontend") !== undefined, "sudo apt-get install jupyter-notebook");

describe.skipIf(frontend.skip)(`minicloud start ${frontend.reason}`, () => {
  it("serves notebooks/ on the printed URL with the minicloud kernel listed, and stops cleanly", async () => {
    const root = packageRoot();
    const port = 18_000 + Math.floor(Math.random() * 2000);
    const child = spawn(process.execPath, [join(root, "bin", "minicloud.js"), "start", "--no-browser", "--port", String(port)], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed within 90 s; stdout:\n${stdout}`)), 90_000);
        child.stdout.on("data", () => {
          const match = /running: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(stdout);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        void exited.then((code) => reject(new Error(`minicloud start exited ${code}; stdout:\n${stdout}`)));
      });
      expect(url).toContain(`:${port}/`);
      expect(stdout).toMatch(/Kernel "TypeScript \(minicloud\)" (registered|already registered)/);
      const token = new URL(url).searchParams.get("token");
      const specs = (await (await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`)).json()) as {
        kernelspecs: Record<string, { spec: { display_name: string } }>;
      };
      expect(specs.kernelspecs["minicloud"]?.spec.display_name).toBe("TypeScript (minicloud)");
      const listing = (await (await fetch(`http://127.0.0.1:${port}/api/contents?token=${token}`)).json()) as {
        content: { name: string }[];
      };
      expect(listing.content.map((c) => c.name)).toContain("00-welcome.ipynb");
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });
});
