import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import type { Sqs } from "../sqs/sqs-service.js";
import type { PolledStream } from "../streams/stream-shard.js";
import {
  invalidMappingParameter,
  mappingSettings,
  type CreateEventSourceMappingRequest,
  type EventSourceMappingConfiguration,
  type SourceFacts,
  type UpdateEventSourceMappingRequest,
} from "./mapping-settings.js";
import { stopMapping, type MappingState, type PollerContext } from "./mapping-state.js";
import { runSqsPoller } from "./sqs-poller.js";
import { runStreamPoller, type ShardLease } from "./stream-poller.js";

/** A service whose streams a mapping can read (Kinesis, DynamoDB Streams). */
export interface StreamService {
  polledStream(arn: string): PolledStream | undefined;
}

/** Options for {@link createEventSourceMappings}. */
export interface EventSourceMappingsOptions {
  clock: Clock;
  lambda: Lambda;
  sqs: Sqs;
  /** The services with streams: Kinesis, DynamoDB. */
  streams?: StreamService[];
  /** Multiplies the pollers' waits (idle polling, retry back-off); default 1. */
  timeScale?: number;
}

/** Lambda starts five SQS pollers; minicloud keeps to at most this many batches at once per queue. */
const MAX_SQS_POLLERS = 20;

const notFound = (uuid: string) =>
  new MinicloudError("ResourceNotFoundException", `The resource you requested does not exist: event source mapping ${uuid}. List them with listEventSourceMappings.`, { field: "UUID", statusCode: 404 });

/**
 * Event source mappings: Lambda's pollers that read a queue or a stream and invoke a function with
 * batches. Queues are read by several pollers at once and failed messages come back after their
 * visibility timeout; streams are read in order, one batch in flight per shard (or per virtual shard
 * with ParallelizationFactor), retried until they succeed or are discarded.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html
 */
export function createEventSourceMappings(options: EventSourceMappingsOptions) {
  const { clock, lambda, sqs } = options;
  const context: PollerContext = { clock, lambda, sqs, timeScale: options.timeScale ?? 1 };
  const mappings = new Map<string, MappingState>();
  const queueExists = (arn: string) => sqs.urlOfArn(arn) !== undefined;

  const streamOf = (arn: string) => {
    for (const service of options.streams ?? []) {
      const stream = service.polledStream(arn);
      if (stream) return stream;
    }
    return undefined;
  };

  /** What kind of source an ARN names, or an error that says what to pass instead. */
  const sourceOf = (arn: unknown): { facts: SourceFacts; stream?: PolledStream } => {
    // A FIFO queue's name (so its ARN) ends in .fifo: its mappings take batches of at most 10 and no batching window.
    if (typeof arn === "string" && queueExists(arn)) return { facts: { kind: "sqs", fifo: arn.endsWith(".fifo"), queueExists } };
    const stream = typeof arn === "string" ? streamOf(arn) : undefined;
    if (stream) return { facts: { kind: stream.batchInfoKey === "KinesisBatchInfo" ? "kinesis" : "dynamodb", queueExists }, stream };
    throw invalidMappingParameter(
      "EventSourceArn",
      `EventSourceArn ${String(arn)} is not a queue or stream of this session; pass a QueueArn (getQueueAttributes), a StreamARN (describeStream) or a table's LatestStreamArn (describeTable).`,
    );
  };

  const startStreamPollers = (mapping: MappingState, stream: PolledStream) => {
    const { config } = mapping;
    for (const shard of stream.shards() ?? []) {
      const records = shard.records;
      let position = config.StartingPosition === "LATEST" ? records.length : 0;
      if (config.StartingPosition === "AT_TIMESTAMP") {
        const at = records.findIndex((r) => r.arrivalMs >= config.StartingPositionTimestamp!.getTime());
        position = at === -1 ? records.length : at;
      }
      for (let virtualShard = 0; virtualShard < (config.ParallelizationFactor ?? 1); virtualShard++) {
        const lease: ShardLease = { stream, shardId: shard.shardId, virtualShard, position };
        void runStreamPoller(context, mapping, lease);
      }
    }
  };

  const copy = (mapping: MappingState): EventSourceMappingConfiguration => structuredClone(mapping.config);

  /**
   * Lambda refuses a queue that would hand a batch to another poller while the function may still be
   * working on it: the queue's visibility timeout must be at least the function's timeout (checked when a
   * mapping is created or updated, not when the function's timeout changes later).
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  const checkVisibilityTimeout = async (queueArn: string, functionTimeoutS: number): Promise<void> => {
    const { Attributes } = await sqs.getQueueAttributes({ QueueUrl: sqs.urlOfArn(queueArn)! });
    const visibilityS = Number(Attributes["VisibilityTimeout"]);
    if (visibilityS < functionTimeoutS) {
      throw invalidMappingParameter(
        "EventSourceArn",
        `Queue visibility timeout: ${visibilityS} seconds is less than Function timeout: ${functionTimeoutS} seconds. Raise the queue's VisibilityTimeout (AWS recommends six times the function's timeout) or lower the function's Timeout.`,
      );
    }
  };

  return {
    /** CreateEventSourceMapping: starts polling the queue or stream for the function. */
    async createEventSourceMapping(request: CreateEventSourceMappingRequest): Promise<EventSourceMappingConfiguration> {
      const source = sourceOf(request.EventSourceArn);
      const fn = await lambda.getFunctionConfiguration({ FunctionName: request.FunctionName });
      const settings = mappingSettings(request, source.facts);
      if (source.facts.kind === "sqs") await checkVisibilityTimeout(request.EventSourceArn, fn.Timeout);
      const mapping: MappingState = {
        config: {
          UUID: randomUUID(),
          EventSourceArn: request.EventSourceArn,
          FunctionArn: fn.FunctionArn,
          ...settings,
          State: request.Enabled === false ? "Disabled" : "Enabled",
          StateTransitionReason: "USER_INITIATED",
          LastModified: new Date(clock.now()),
          LastProcessingResult: "No records processed",
        },
        functionName: fn.FunctionName,
        role: fn.Role,
        active: true,
        wakers: new Set(),
      };
      mappings.set(mapping.config.UUID, mapping);
      if (source.stream) startStreamPollers(mapping, source.stream);
      else for (let i = 0; i < Math.min(mapping.config.ScalingConfig?.MaximumConcurrency ?? 5, MAX_SQS_POLLERS); i++) void runSqsPoller(context, mapping);
      return copy(mapping);
    },

    /** GetEventSourceMapping. */
    async getEventSourceMapping(request: { UUID: string }): Promise<EventSourceMappingConfiguration> {
      const mapping = mappings.get(request.UUID);
      if (!mapping) throw notFound(request.UUID);
      return copy(mapping);
    },

    /** UpdateEventSourceMapping: enable or disable it, or change its batch and retry settings. */
    async updateEventSourceMapping(request: UpdateEventSourceMappingRequest): Promise<EventSourceMappingConfiguration> {
      const mapping = mappings.get(request.UUID);
      if (!mapping) throw notFound(request.UUID);
      if (request.FunctionName !== undefined) throw invalidMappingParameter("FunctionName", "minicloud cannot move a mapping to another function; delete it and create a new one.");
      if (request.ParallelizationFactor !== undefined && request.ParallelizationFactor !== mapping.config.ParallelizationFactor) {
        throw invalidMappingParameter("ParallelizationFactor", "minicloud cannot change ParallelizationFactor on a live mapping; delete it and create a new one.");
      }
      const { facts } = sourceOf(mapping.config.EventSourceArn);
      const settings = mappingSettings(request, facts, mapping.config);
      if (facts.kind === "sqs") await checkVisibilityTimeout(mapping.config.EventSourceArn, (await lambda.getFunctionConfiguration({ FunctionName: mapping.config.FunctionArn })).Timeout);
      Object.assign(mapping.config, settings);
      if (request.Enabled !== undefined) mapping.config.State = request.Enabled ? "Enabled" : "Disabled";
      mapping.config.LastModified = new Date(clock.now());
      return copy(mapping);
    },

    /** ListEventSourceMappings, optionally only those of one source or one function. */
    async listEventSourceMappings(request: { EventSourceArn?: string; FunctionName?: string } = {}): Promise<{ EventSourceMappings: EventSourceMappingConfiguration[] }> {
      const wanted = [...mappings.values()].filter(
        (m) =>
          (request.EventSourceArn === undefined || m.config.EventSourceArn === request.EventSourceArn) &&
          (request.FunctionName === undefined || m.functionName === request.FunctionName || m.config.FunctionArn === request.FunctionName),
      );
      return { EventSourceMappings: wanted.map(copy) };
    },

    /** DeleteEventSourceMapping: its pollers stop (a batch in flight finishes first). */
    async deleteEventSourceMapping(request: { UUID: string }): Promise<EventSourceMappingConfiguration> {
      const mapping = mappings.get(request.UUID);
      if (!mapping) throw notFound(request.UUID);
      stopMapping(mapping);
      mappings.delete(request.UUID);
      return { ...copy(mapping), State: "Deleting" };
    },

    /** Stops every poller (the session is over). */
    stop(): void {
      for (const mapping of mappings.values()) stopMapping(mapping);
      mappings.clear();
    },
  };
}

/** The event source mappings of a session (see {@link createEventSourceMappings}). */
export type EventSourceMappings = ReturnType<typeof createEventSourceMappings>;
export type { CreateEventSourceMappingRequest, EventSourceMappingConfiguration, UpdateEventSourceMappingRequest } from "./mapping-settings.js";
