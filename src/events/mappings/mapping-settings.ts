import { MinicloudError } from "../../core/errors.js";

/** Where a mapping reads from: a queue, or a stream's shards. */
export type SourceKind = "sqs" | "kinesis" | "dynamodb";

/** Settings a stream mapping (Kinesis, DynamoDB Streams) has beside those every mapping has. */
export interface StreamMappingSettings {
  /** Streams (required): read from the oldest record (TRIM_HORIZON) or only new ones (LATEST). */
  StartingPosition?: "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";
  /** Streams, with AT_TIMESTAMP: where to start. */
  StartingPositionTimestamp?: Date;
  /** Streams: batches processed at once per shard (1–10); records of one partition key stay in order. */
  ParallelizationFactor?: number;
  /** Streams: retries of a failed batch before it is discarded (-1, the default, retries until the record expires). */
  MaximumRetryAttempts?: number;
  /** Streams: records older than this are discarded (-1, the default, or 60–604,800 s). */
  MaximumRecordAgeInSeconds?: number;
  /** Streams: on a function error, split the batch in two and retry each half (does not use up retries). */
  BisectBatchOnFunctionError?: boolean;
}

/** CreateEventSourceMapping's request, in AWS's names. */
export interface CreateEventSourceMappingRequest extends StreamMappingSettings {
  /** A queue's ARN, a Kinesis stream's ARN, or a DynamoDB table's LatestStreamArn. */
  EventSourceArn: string;
  FunctionName: string;
  /** SQS: 1–10,000 (default 10; over 10 needs a batching window; FIFO 1–10). Streams: 1–10,000 (default 100). */
  BatchSize?: number;
  /** 0–300 s: how long to gather a batch before invoking. */
  MaximumBatchingWindowInSeconds?: number;
  /** ["ReportBatchItemFailures"]: the function may return { batchItemFailures: [{ itemIdentifier }] }. */
  FunctionResponseTypes?: "ReportBatchItemFailures"[];
  Enabled?: boolean;
  /** SQS: how many batches may be processed at once (2–1000). */
  ScalingConfig?: { MaximumConcurrency?: number };
  /** Streams: where a record of each discarded batch goes (an SQS queue's ARN). */
  DestinationConfig?: { OnFailure?: { Destination?: string } };
}

/** UpdateEventSourceMapping's request: the UUID and the settings to change. */
export type UpdateEventSourceMappingRequest = { UUID: string } & Partial<Omit<CreateEventSourceMappingRequest, "EventSourceArn" | "StartingPosition" | "StartingPositionTimestamp">>;

/** An event source mapping, as Lambda describes it. */
export interface EventSourceMappingConfiguration extends StreamMappingSettings {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  FunctionResponseTypes: "ReportBatchItemFailures"[];
  State: "Enabled" | "Disabled" | "Deleting";
  StateTransitionReason: "USER_INITIATED";
  LastModified: Date;
  /** "No records processed", "OK", or "PROBLEM: Function call failed". */
  LastProcessingResult: string;
  ScalingConfig?: { MaximumConcurrency: number };
  DestinationConfig?: { OnFailure: { Destination?: string } };
}

/** Lambda's InvalidParameterValueException, naming the field. */
export function invalidMappingParameter(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", message, { field });
}

function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw invalidMappingParameter(field, `${field} must be a whole number from ${min} to ${max}; got ${value}.`);
  return value;
}

/** What a mapping's settings are checked against: its source, and whether that queue is FIFO. */
export interface SourceFacts {
  kind: SourceKind;
  fifo?: boolean;
  /** Whether a DestinationConfig ARN names a queue of this session. */
  queueExists(arn: string): boolean;
}

/**
 * Checks a mapping's settings as Lambda does for its source, filling in AWS's defaults. `current` is the
 * configuration an update starts from.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export function mappingSettings(request: Partial<CreateEventSourceMappingRequest>, source: SourceFacts, current?: EventSourceMappingConfiguration) {
  const stream = source.kind !== "sqs";
  const batchSize = wholeNumber(request.BatchSize ?? current?.BatchSize ?? (stream ? 100 : 10), "BatchSize", 1, source.fifo ? 10 : 10_000);
  const window = wholeNumber(request.MaximumBatchingWindowInSeconds ?? current?.MaximumBatchingWindowInSeconds ?? 0, "MaximumBatchingWindowInSeconds", 0, 300);
  // SQS: "When you set BatchSize to a value greater than 10, you must set MaximumBatchingWindowInSeconds to at least 1." (with-sqs.html)
  if (!stream && batchSize > 10 && window < 1) {
    throw invalidMappingParameter("MaximumBatchingWindowInSeconds", "Maximum batch size of more than 10 requires MaximumBatchingWindowInSeconds of at least 1 second.");
  }
  if (source.fifo && window > 0) throw invalidMappingParameter("MaximumBatchingWindowInSeconds", "Batching window is not supported for FIFO queues.");
  const types = request.FunctionResponseTypes ?? current?.FunctionResponseTypes ?? [];
  if (!Array.isArray(types) || types.some((t) => t !== "ReportBatchItemFailures")) {
    throw invalidMappingParameter("FunctionResponseTypes", `FunctionResponseTypes may only hold "ReportBatchItemFailures"; got ${JSON.stringify(types)}.`);
  }
  const common = { BatchSize: batchSize, MaximumBatchingWindowInSeconds: window, FunctionResponseTypes: [...types] };
  const streamOnly = ["StartingPosition", "ParallelizationFactor", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "DestinationConfig"] as const;
  if (!stream) {
    const misplaced = streamOnly.find((k) => request[k] !== undefined);
    if (misplaced) throw invalidMappingParameter(misplaced, `${misplaced} applies only to Kinesis and DynamoDB stream sources, not to an SQS queue.`);
    const concurrency = request.ScalingConfig?.MaximumConcurrency ?? current?.ScalingConfig?.MaximumConcurrency;
    if (concurrency !== undefined) wholeNumber(concurrency, "ScalingConfig.MaximumConcurrency", 2, 1000);
    return { ...common, ...(concurrency !== undefined ? { ScalingConfig: { MaximumConcurrency: concurrency } } : {}) };
  }
  if (request.ScalingConfig !== undefined) throw invalidMappingParameter("ScalingConfig", "ScalingConfig applies only to SQS sources; use ParallelizationFactor for a stream.");
  const start = request.StartingPosition ?? current?.StartingPosition;
  if (start !== "TRIM_HORIZON" && start !== "LATEST" && !(start === "AT_TIMESTAMP" && source.kind === "kinesis")) {
    throw invalidMappingParameter("StartingPosition", `StartingPosition is required for a stream: TRIM_HORIZON (the oldest record) or LATEST (only new ones)${source.kind === "kinesis" ? " or AT_TIMESTAMP" : ""}; got ${String(start)}.`);
  }
  const startAt = request.StartingPositionTimestamp ?? current?.StartingPositionTimestamp;
  if (start === "AT_TIMESTAMP" && !(startAt instanceof Date)) throw invalidMappingParameter("StartingPositionTimestamp", "StartingPosition AT_TIMESTAMP needs StartingPositionTimestamp (a Date).");
  const maxAge = request.MaximumRecordAgeInSeconds ?? current?.MaximumRecordAgeInSeconds ?? -1;
  if (maxAge !== -1) wholeNumber(maxAge, "MaximumRecordAgeInSeconds", 60, 604_800);
  const destination = request.DestinationConfig?.OnFailure?.Destination ?? current?.DestinationConfig?.OnFailure.Destination;
  if (destination !== undefined && !source.queueExists(destination)) {
    throw invalidMappingParameter("DestinationConfig.OnFailure.Destination", `The on-failure destination ${destination} is not a queue of this session; pass a QueueArn from getQueueAttributes.`);
  }
  const bisect = request.BisectBatchOnFunctionError ?? current?.BisectBatchOnFunctionError ?? false;
  if (typeof bisect !== "boolean") throw invalidMappingParameter("BisectBatchOnFunctionError", "BisectBatchOnFunctionError must be true or false.");
  return {
    ...common,
    StartingPosition: start,
    ...(startAt !== undefined && start === "AT_TIMESTAMP" ? { StartingPositionTimestamp: startAt } : {}),
    ParallelizationFactor: wholeNumber(request.ParallelizationFactor ?? current?.ParallelizationFactor ?? 1, "ParallelizationFactor", 1, 10),
    MaximumRetryAttempts: wholeNumber(request.MaximumRetryAttempts ?? current?.MaximumRetryAttempts ?? -1, "MaximumRetryAttempts", -1, 10_000),
    MaximumRecordAgeInSeconds: maxAge,
    BisectBatchOnFunctionError: bisect,
    DestinationConfig: { OnFailure: destination !== undefined ? { Destination: destination } : {} },
  };
}
