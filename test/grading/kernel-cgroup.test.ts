import { describe, expect, it } from "vitest";
import { findHierarchy } from "../../kernel-ext/grader/kernel-cgroup.js";

// /proc/self/cgroup and /proc/self/mountinfo as a Docker host with cgroup v1 shows them, and as a systemd host with v2.
const v1 = {
  cgroup: "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/5aea\n1:cpu,cpuacct:/\n0::/\n",
  mountinfo: [
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
  ].join("\n"),
};
/** A v2 group that hands no controller down. */
const none = (): string => "";
const v2 = {
  cgroup: "0::/user.slice/user-1000.slice/grader.scope\n",
  mountinfo: "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate",
};

describe("finding the grader's own control group", () => {
  it("finds each v1 controller's hierarchy, with the grader's place in it", () => {
    expect(findHierarchy("pids", v1.cgroup, v1.mountinfo, none)).toEqual({ version: 1, dir: "/sys/fs/cgroup/pids" });
    expect(findHierarchy("memory", v1.cgroup, v1.mountinfo, none)).toEqual({ version: 1, dir: "/sys/fs/cgroup/memory/process_api/5aea" });
    expect(findHierarchy("cpu", v1.cgroup, v1.mountinfo, none)).toEqual({ version: 1, dir: "/sys/fs/cgroup/cpu,cpuacct" });
  });

  it("uses a v2 group only when it hands the controller down to its children", () => {
    const scope = "/sys/fs/cgroup/user.slice/user-1000.slice/grader.scope";
    expect(findHierarchy("pids", v2.cgroup, v2.mountinfo, (dir) => (dir === scope ? "cpu memory pids" : ""))).toEqual({ version: 2, dir: scope });
    expect(findHierarchy("pids", v2.cgroup, v2.mountinfo, () => "cpu memory")).toBeUndefined();
  });

  it("finds nothing where no hierarchy has the controller", () => {
    expect(findHierarchy("pids", "0::/\n", "23 1 0:21 / /proc rw - proc proc rw", none)).toBeUndefined();
  });
});
