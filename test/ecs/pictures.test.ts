import { describe, expect, it } from "vitest";
import { VEGA_LITE_MIME } from "minicloud";
import { withVirtualCloud } from "../support/virtual-cloud.js";

describe("pictures of a cluster", () => {
  it("draws the reference picture (4 tasks of one service on 2 instances) and a task timeline", () =>
    withVirtualCloud(async (cloud, clock) => {
      await cloud.ecs.createCluster({ clusterName: "lab" });
      await cloud.ecs.launchContainerInstances({ cluster: "lab", count: 3 });
      await cloud.ecs.registerTaskDefinition({ family: "web", containerDefinitions: [{ name: "app", image: "minicloud/node", memory: 128 }] });
      await cloud.ecs.createService({ cluster: "lab", serviceName: "web", taskDefinition: "web", desiredCount: 4, placementStrategy: [{ type: "spread", field: "instanceId" }] });
      await cloud.ecs.waitUntilServicesStable({ cluster: "lab", services: ["web"] });
      await clock.advance(5000);

      const picture = cloud.ecs.clusterPicture({ cluster: "lab" });
      const perInstance = new Map<string, number>();
      for (const r of picture.rows) if (r.task) perInstance.set(r.instance, (perInstance.get(r.instance) ?? 0) + 1);
      expect([...perInstance.values()].sort()).toEqual([1, 1, 2]);
      expect(new Set(picture.rows.map((r) => r.availabilityZone))).toEqual(new Set(["us-east-1a", "us-east-1b", "us-east-1c"]));
      const bundle = await picture.toMimeBundle();
      expect(bundle[VEGA_LITE_MIME]).toBeDefined();
      expect(String(bundle["image/svg+xml"])).toContain("<svg");

      const timeline = cloud.ecs.taskTimeline({ cluster: "lab", serviceName: "web" });
      expect(new Set(timeline.rows.map((r) => r.task)).size).toBe(4);
      expect(timeline.rows.filter((r) => r.status === "RUNNING").every((r) => r.to - r.from >= 5)).toBe(true);
    }));
});
