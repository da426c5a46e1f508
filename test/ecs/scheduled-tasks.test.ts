import { describe, expect, it } from "vitest";
import { withVirtualCloud } from "../support/virtual-cloud.js";

describe("scheduled tasks: an EventBridge rule whose target is an ECS cluster", () => {
  it("runs the task definition each time the rule fires, started by the rule", () =>
    withVirtualCloud(async (cloud, clock) => {
      const { cluster } = await cloud.ecs.createCluster({ clusterName: "batch" });
      await cloud.ecs.launchContainerInstances({ cluster: "batch", count: 1 });
      const { taskDefinition } = await cloud.ecs.registerTaskDefinition({ family: "report", containerDefinitions: [{ name: "job", image: "minicloud/node", memory: 128 }] });
      await cloud.eventBridge.putRule({ Name: "hourly-report", ScheduleExpression: "rate(1 hour)" });
      const missing = await cloud.eventBridge.putTargets({ Rule: "hourly-report", Targets: [{ Id: "bad", Arn: cluster.clusterArn ?? "" }] });
      expect(missing.FailedEntries[0]?.ErrorMessage).toContain("EcsParameters");
      const put = await cloud.eventBridge.putTargets({
        Rule: "hourly-report",
        Targets: [{ Id: "report", Arn: cluster.clusterArn ?? "", RoleArn: "arn:aws:iam::123456789012:role/ecsEventsRole", EcsParameters: { TaskDefinitionArn: taskDefinition.taskDefinitionArn ?? "", TaskCount: 2 } }],
      });
      expect(put.FailedEntryCount).toBe(0);

      await clock.advance(3 * 3600_000 + 1000);
      const all = [...(await cloud.ecs.listTasks({ cluster: "batch" })).taskArns, ...(await cloud.ecs.listTasks({ cluster: "batch", desiredStatus: "STOPPED" })).taskArns];
      const { tasks } = await cloud.ecs.describeTasks({ cluster: "batch", tasks: all });
      expect(tasks).toHaveLength(6);
      expect(new Set(tasks.map((t) => t.startedBy))).toEqual(new Set(["events-rule/hourly-report"]));
      expect(cloud.eventBridge.failedInvocations).toEqual([]);
    }));
});
