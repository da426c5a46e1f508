import { describe, expect, it } from "vitest";
import { parseDockerfile } from "minicloud";
import { baseImageConfig, planImage } from "../../src/engines/image-config.js";

describe("Dockerfile for the embedded engines", () => {
  it("reads the instructions the course uses, with their lines", () => {
    const text = [
      "# a comment",
      "FROM minicloud/node:20",
      "",
      "WORKDIR /app",
      "COPY server.js package.json ./",
      'ENV PORT=8080 GREETING="hello there"',
      "ENV LEGACY value with spaces",
      "EXPOSE 8080 9090/tcp",
      "LABEL course=minicloud",
      'CMD ["node", "server.js"]',
    ].join("\n");
    expect(parseDockerfile(text)).toEqual([
      { line: 2, kind: "FROM", image: "minicloud/node:20" },
      { line: 4, kind: "WORKDIR", path: "/app" },
      { line: 5, kind: "COPY", sources: ["server.js", "package.json"], destination: "./" },
      { line: 6, kind: "ENV", vars: { PORT: "8080", GREETING: "hello there" } },
      { line: 7, kind: "ENV", vars: { LEGACY: "value with spaces" } },
      { line: 8, kind: "EXPOSE", ports: [8080, 9090] },
      { line: 9, kind: "LABEL", labels: { course: "minicloud" } },
      { line: 10, kind: "CMD", argv: ["node", "server.js"] },
    ]);
  });

  it("joins continued lines and wraps the shell form in /bin/sh -c, as Docker does", () => {
    expect(parseDockerfile("FROM minicloud/node\nCMD node \\\n  server.js")).toEqual([
      { line: 1, kind: "FROM", image: "minicloud/node" },
      { line: 2, kind: "CMD", argv: ["/bin/sh", "-c", "node server.js"] },
    ]);
  });

  it("refuses what only Docker can do, naming the file, the line and the way out", () => {
    expect(() => parseDockerfile("FROM minicloud/node\n\nRUN npm install", "app/Dockerfile")).toThrow(
      /app\/Dockerfile:3: RUN is not supported by the embedded engine .* use the Docker engine/,
    );
    expect(() => parseDockerfile("FROM minicloud/node AS build")).toThrow(/Dockerfile:1: multi-stage builds/);
    expect(() => parseDockerfile("FROM minicloud/node\nCOPY --from=build /a /b")).toThrow(/Dockerfile:2: COPY --from=build/);
  });

  it("names the line of a malformed instruction", () => {
    expect(() => parseDockerfile("WORKDIR /app")).toThrow(/Dockerfile:1: a Dockerfile must start with FROM/);
    expect(() => parseDockerfile("FROM x\nEXPOSE http")).toThrow(/Dockerfile:2: EXPOSE takes TCP port numbers/);
    expect(() => parseDockerfile("FROM x\nCMD ['node']")).toThrow(/Dockerfile:2: CMD looks like the JSON form but is not valid JSON/);
    expect(() => parseDockerfile("FROM x\nENV =x")).toThrow(/Dockerfile:2: ENV expects KEY=value/);
  });

  it("plans an image as Docker would: relative WORKDIR, COPY into it, ENTRYPOINT clears the inherited CMD", () => {
    const plan = planImage(
      parseDockerfile("FROM minicloud/node\nWORKDIR /srv\nWORKDIR app\nCOPY a.js b.js .\nCOPY lib lib\nENV X=1\nENTRYPOINT [\"node\"]"),
      baseImageConfig("20.1.0"),
    );
    expect(plan.from).toBe("minicloud/node");
    expect(plan.config.workingDir).toBe("/srv/app");
    expect(plan.copies).toEqual([
      { line: 4, sources: ["a.js", "b.js"], destination: "/srv/app/" },
      { line: 5, sources: ["lib"], destination: "/srv/app/lib" },
    ]);
    expect(plan.config.entrypoint).toEqual(["node"]);
    expect(plan.config.cmd).toBeNull();
    expect(plan.config.env).toMatchObject({ X: "1", NODE_VERSION: "20.1.0" });
  });
});
