import { describe, expect, it } from "vitest";
import { mappingSettings, type SourceFacts } from "../../../src/events/mappings/mapping-settings.js";

const queueExists = (arn: string) => arn === "arn:aws:sqs:us-east-1:123456789012:dlq";
const sqs: SourceFacts = { kind: "sqs", queueExists };
const fifo: SourceFacts = { kind: "sqs", fifo: true, queueExists };
const kinesis: SourceFacts = { kind: "kinesis", queueExists };
const dynamodb: SourceFacts = { kind: "dynamodb", queueExists };
const field = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { name: (error as Error).name, field: (error as { field?: string }).field };
  }
  return undefined;
};

describe("event source mapping settings", () => {
  it("fills in AWS's defaults: batch size 10 for queues, 100 and infinite retries for streams", () => {
    expect(mappingSettings({}, sqs)).toEqual({ BatchSize: 10, MaximumBatchingWindowInSeconds: 0, FunctionResponseTypes: [] });
    expect(mappingSettings({ StartingPosition: "LATEST" }, kinesis)).toMatchObject({
      BatchSize: 100,
      ParallelizationFactor: 1,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      DestinationConfig: { OnFailure: {} },
    });
  });

  it("checks SQS batch sizes as Lambda does: up to 10,000 with a batching window above 10; FIFO 1–10 without a window", () => {
    expect(mappingSettings({ BatchSize: 10_000, MaximumBatchingWindowInSeconds: 1 }, sqs).BatchSize).toBe(10_000);
    expect(field(() => mappingSettings({ BatchSize: 11 }, sqs))).toEqual({ name: "InvalidParameterValueException", field: "MaximumBatchingWindowInSeconds" });
    expect(field(() => mappingSettings({ BatchSize: 10_001, MaximumBatchingWindowInSeconds: 1 }, sqs))?.field).toBe("BatchSize");
    expect(field(() => mappingSettings({ BatchSize: 0 }, sqs))?.field).toBe("BatchSize");
    expect(field(() => mappingSettings({ BatchSize: 2.5 }, sqs))?.field).toBe("BatchSize");
    expect(field(() => mappingSettings({ BatchSize: 11 }, fifo))?.field).toBe("BatchSize");
    expect(field(() => mappingSettings({ BatchSize: 5, MaximumBatchingWindowInSeconds: 2 }, fifo))?.field).toBe("MaximumBatchingWindowInSeconds");
    expect(field(() => mappingSettings({ ScalingConfig: { MaximumConcurrency: 1 } }, sqs))?.field).toBe("ScalingConfig.MaximumConcurrency");
    expect(field(() => mappingSettings({ ScalingConfig: { MaximumConcurrency: 1001 } }, sqs))?.field).toBe("ScalingConfig.MaximumConcurrency");
    expect(mappingSettings({ ScalingConfig: { MaximumConcurrency: 2 } }, sqs).ScalingConfig).toEqual({ MaximumConcurrency: 2 });
    expect(field(() => mappingSettings({ StartingPosition: "LATEST" }, sqs))?.field).toBe("StartingPosition");
    expect(field(() => mappingSettings({ MaximumBatchingWindowInSeconds: 301 }, sqs))?.field).toBe("MaximumBatchingWindowInSeconds");
    expect(field(() => mappingSettings({ FunctionResponseTypes: ["Everything" as never] }, sqs))?.field).toBe("FunctionResponseTypes");
  });

  it("checks stream settings: starting position, batch size, parallelization, retries, record age and destination", () => {
    expect(field(() => mappingSettings({}, kinesis))?.field).toBe("StartingPosition");
    expect(field(() => mappingSettings({ StartingPosition: "AT_TIMESTAMP" }, dynamodb))?.field).toBe("StartingPosition");
    expect(field(() => mappingSettings({ StartingPosition: "AT_TIMESTAMP" }, kinesis))?.field).toBe("StartingPositionTimestamp");
    const start = { StartingPosition: "TRIM_HORIZON" } as const;
    expect(mappingSettings({ ...start, BatchSize: 10_000 }, kinesis).BatchSize).toBe(10_000);
    expect(field(() => mappingSettings({ ...start, BatchSize: 10_001 }, kinesis))?.field).toBe("BatchSize");
    expect(field(() => mappingSettings({ ...start, ParallelizationFactor: 11 }, kinesis))?.field).toBe("ParallelizationFactor");
    expect(field(() => mappingSettings({ ...start, MaximumRetryAttempts: -2 }, dynamodb))?.field).toBe("MaximumRetryAttempts");
    expect(field(() => mappingSettings({ ...start, MaximumRetryAttempts: 10_001 }, dynamodb))?.field).toBe("MaximumRetryAttempts");
    expect(field(() => mappingSettings({ ...start, MaximumRecordAgeInSeconds: 59 }, kinesis))?.field).toBe("MaximumRecordAgeInSeconds");
    expect(mappingSettings({ ...start, MaximumRecordAgeInSeconds: 60 }, kinesis).MaximumRecordAgeInSeconds).toBe(60);
    expect(field(() => mappingSettings({ ...start, DestinationConfig: { OnFailure: { Destination: "arn:aws:sqs:us-east-1:123456789012:nope" } } }, kinesis))?.field).toBe(
      "DestinationConfig.OnFailure.Destination",
    );
    expect(field(() => mappingSettings({ ...start, ScalingConfig: { MaximumConcurrency: 5 } }, kinesis))?.field).toBe("ScalingConfig");
  });

  it("starts an update from the current settings", () => {
    const current = { ...mappingSettings({ StartingPosition: "LATEST", BatchSize: 7, MaximumRetryAttempts: 3 }, kinesis) } as never;
    expect(mappingSettings({ BatchSize: 9 }, kinesis, current)).toMatchObject({ BatchSize: 9, MaximumRetryAttempts: 3, StartingPosition: "LATEST" });
  });
});
