import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { homesAtPaths, homesOfUsers } from "minicloud";

describe("finding students' homes", () => {
  const root = mkdtempSync(join(tmpdir(), "minicloud-homes-"));
  const passwd = [
    "root:x:0:0:root:/root:/bin/bash",
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    `alice:x:1001:1001:Alice:${root}/alice:/bin/bash`,
    `bob:x:1002:1002:Bob:${root}/bob:/bin/bash`,
    `carol:x:1003:1003:Carol:${root}/carol:/bin/bash`,
    `nobody:x:65534:65534:nobody:${root}:/usr/sbin/nologin`,
  ].join("\n");
  mkdirSync(join(root, "alice", ".minicloud"), { recursive: true });
  mkdirSync(join(root, "bob", ".minicloud"), { recursive: true });
  mkdirSync(join(root, ".minicloud"), { recursive: true });

  it("maps login names to ~/.minicloud of each account, and reports names with no account", () => {
    expect(homesOfUsers(["bob", "zed"], passwd)).toEqual([
      { name: "bob", home: join(root, "bob", ".minicloud"), known: true },
      { name: "zed", home: "", known: false },
    ]);
  });

  it("with *, finds every person's account that has a minicloud home, and no system account", () => {
    expect(homesOfUsers(["*"], passwd).map((h) => h.name)).toEqual(["alice", "bob"]);
  });

  it("takes homes by path once each, made absolute", () => {
    expect(homesAtPaths(["/srv/class/a", "/srv/class/a/", "/srv/class/b"]).map((h) => h.home)).toEqual(["/srv/class/a", "/srv/class/b"]);
    rmSync(root, { recursive: true, force: true });
  });
});
