import { describe, expect, it } from "vitest";
import { EC2_ON_DEMAND, fargateCost } from "minicloud";
import { withVirtualCloud } from "../support/virtual-cloud.js";

describe("the ECS bill", () => {
  it("prices Fargate tasks per second with a one-minute minimum, and EC2 instances for the time they ran", () =>
    withVirtualCloud(async (cloud, clock) => {
      await cloud.ecs.createCluster({ clusterName: "lab" });
      await cloud.ecs.launchContainerInstances({ cluster: "lab", count: 2, instanceType: "m5.large" });
      await cloud.ecs.registerTaskDefinition({ family: "api", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "512", memory: "1024", containerDefinitions: [{ name: "a", image: "minicloud/node" }] });
      const run = async (): Promise<string> => {
        const { tasks } = await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "api", launchType: "FARGATE", networkConfiguration: cloud.ecs.defaultNetworkConfiguration() });
        await cloud.ecs.waitUntilTasksRunning({ cluster: "lab", tasks: [tasks[0]?.taskArn ?? ""] });
        return tasks[0]?.taskArn ?? "";
      };
      const short = await run();
      await clock.advance(30_000);
      await cloud.ecs.stopTask({ cluster: "lab", task: short });
      await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [short] });
      const long = await run();
      await clock.advance(2 * 3600_000 - 30_000);
      await cloud.ecs.stopTask({ cluster: "lab", task: long });
      await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [long] });

      const bill = cloud.ecs.bill();
      const fargate = bill.lines.find((l) => l.launchType === "FARGATE");
      const longSeconds = 2 * 3600 - 30;
      expect(fargate).toMatchObject({ item: "api", count: 2, billedSeconds: 60 + longSeconds });
      const expected = fargateCost({ vcpu: 0.5, memoryGB: 1, durationSeconds: 30 }).total + fargateCost({ vcpu: 0.5, memoryGB: 1, durationSeconds: longSeconds }).total;
      expect(fargate?.total).toBeCloseTo(expected, 10);
      const ec2 = bill.lines.find((l) => l.launchType === "EC2");
      expect(ec2).toMatchObject({ item: "m5.large", count: 2, billedSeconds: 2 * 2 * 3600 });
      expect(ec2?.total).toBeCloseTo(2 * 2 * EC2_ON_DEMAND.instances["m5.large"].perHour, 10);
      expect((await bill.toMimeBundle())["text/plain"]).toContain("m5.large");
    }));
});
