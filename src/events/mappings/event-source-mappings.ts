import { randomUUID } from "node:crypto";
import { region } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import { baseType, binaryBase64 } from "../sqs/message-attributes.js";
import type { Sqs, SqsMessage } from "../sqs/sqs-service.js";

/** CreateEventSourceMapping's request, in AWS's names (SQS sources for now). */
export interface CreateEventSourceMappingRequest {
  EventSourceArn: string;
  FunctionName: string;
  /** 1–10,000 (default 10); over 10 needs a batching window. */
  BatchSize?: number;
  /** 0–300 s: how long to gather a batch before invoking. */
  MaximumBatchingWindowInSeconds?: number;
  /** ["ReportBatchItemFailures"]: the function may return { batchItemFailures: [{ itemIdentifier }] }. */
  FunctionResponseTypes?: "ReportBatchItemFailures"[];
  Enabled?: boolean;
  /** How many batches may be processed at once (2–1000). */
  ScalingConfig?: { MaximumConcurrency?: number };
}

/** An event source mapping, as Lambda describes it. */
export interface EventSourceMappingConfiguration {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  FunctionResponseTypes: "ReportBatchItemFailures"[];
  State: "Enabled" | "Disabled";
  StateTransitionReason: "USER_INITIATED";
  LastModified: Date;
  ScalingConfig?: { MaximumConcurrency: number };
}

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", message, { field });
}

/** An SQS message as an SQS event record (the structure Lambda's SQS poller delivers). */
function sqsRecord(message: SqsMessage, queueArn: string): Record<string, unknown> {
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: { ...message.Attributes },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          ...(baseType(value.DataType) === "Binary" ? { binaryValue: binaryBase64(value) } : { stringValue: value.StringValue }),
          stringListValues: [],
          binaryListValues: [],
          dataType: value.DataType,
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody,
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region(),
  };
}

/**
 * Event source mappings: Lambda's pollers that read a queue and invoke a function with batches. A batch
 * the function fails is not deleted, so its messages come back after the visibility timeout (and go to
 * the dead-letter queue after maxReceiveCount); with ReportBatchItemFailures only the listed messages
 * come back. Delivery is at-least-once, as on AWS.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function createEventSourceMappings(options: { clock: Clock; lambda: Lambda; sqs: Sqs }) {
  const { clock, lambda, sqs } = options;
  const mappings = new Map<string, { config: EventSourceMappingConfiguration; functionName: string; active: boolean }>();

  const poll = async (uuid: string): Promise<void> => {
    for (;;) {
      const mapping = mappings.get(uuid);
      if (!mapping?.active) return;
      const { config } = mapping;
      if (config.State === "Disabled") {
        await clock.sleep(200);
        continue;
      }
      const url = sqs.urlOfArn(config.EventSourceArn);
      if (url === undefined) return;
      const batch: SqsMessage[] = [];
      const windowEnds = clock.now() + config.MaximumBatchingWindowInSeconds * 1000;
      do {
        const { Messages } = await sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: Math.min(10, config.BatchSize - batch.length), WaitTimeSeconds: batch.length === 0 ? 1 : 0, MessageAttributeNames: ["All"] });
        batch.push(...Messages);
        if (Messages.length === 0 && batch.length > 0 && clock.now() < windowEnds) await clock.sleep(Math.min(100, windowEnds - clock.now()));
      } while (batch.length > 0 && batch.length < config.BatchSize && clock.now() < windowEnds);
      if (batch.length === 0 || !mappings.get(uuid)?.active) continue;
      const event = { Records: batch.map((m) => sqsRecord(m, config.EventSourceArn)) };
      let failed = new Set(batch.map((m) => m.MessageId));
      try {
        const response = await lambda.invoke({ FunctionName: mapping.functionName, Payload: JSON.stringify(event) });
        if (!response.FunctionError) {
          failed = new Set();
          if (config.FunctionResponseTypes.includes("ReportBatchItemFailures")) {
            const answer = JSON.parse(response.Payload?.transformToString() ?? "null") as { batchItemFailures?: { itemIdentifier?: string }[] } | null;
            for (const item of answer?.batchItemFailures ?? []) if (item.itemIdentifier) failed.add(item.itemIdentifier);
          }
        }
      } catch {
        // Throttled or not found: the whole batch comes back after its visibility timeout.
      }
      for (const message of batch) {
        if (!failed.has(message.MessageId)) await sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle });
      }
    }
  };

  return {
    /** CreateEventSourceMapping: starts polling the queue for the function. */
    async createEventSourceMapping(request: CreateEventSourceMappingRequest): Promise<EventSourceMappingConfiguration> {
      if (sqs.urlOfArn(request.EventSourceArn) === undefined) {
        throw invalid("EventSourceArn", `EventSourceArn ${request.EventSourceArn} is not a queue of this session; pass the QueueArn from getQueueAttributes.`);
      }
      const fn = await lambda.getFunctionConfiguration({ FunctionName: request.FunctionName });
      const batchSize = request.BatchSize ?? 10;
      const window = request.MaximumBatchingWindowInSeconds ?? 0;
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw invalid("BatchSize", `BatchSize must be a whole number from 1 to 10000; got ${batchSize}.`);
      if (!Number.isInteger(window) || window < 0 || window > 300) throw invalid("MaximumBatchingWindowInSeconds", `MaximumBatchingWindowInSeconds must be from 0 to 300; got ${window}.`);
      if (batchSize > 10 && window < 1) {
        throw invalid("MaximumBatchingWindowInSeconds", "Maximum batch size of more than 10 requires MaximumBatchingWindowInSeconds of at least 1 second.");
      }
      const concurrency = request.ScalingConfig?.MaximumConcurrency;
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 2 && concurrency <= 1000)) {
        throw invalid("ScalingConfig.MaximumConcurrency", `MaximumConcurrency must be a whole number from 2 to 1000; got ${concurrency}.`);
      }
      const config: EventSourceMappingConfiguration = {
        UUID: randomUUID(),
        EventSourceArn: request.EventSourceArn,
        FunctionArn: fn.FunctionArn,
        BatchSize: batchSize,
        MaximumBatchingWindowInSeconds: window,
        FunctionResponseTypes: request.FunctionResponseTypes ?? [],
        State: request.Enabled === false ? "Disabled" : "Enabled",
        StateTransitionReason: "USER_INITIATED",
        LastModified: new Date(clock.now()),
        ...(concurrency !== undefined ? { ScalingConfig: { MaximumConcurrency: concurrency } } : {}),
      };
      mappings.set(config.UUID, { config, functionName: fn.FunctionName, active: true });
      // Lambda polls with several pollers; each one processes a batch at a time.
      for (let i = 0; i < Math.min(concurrency ?? 2, 5); i++) void poll(config.UUID);
      return { ...config };
    },

    /** UpdateEventSourceMapping: enable or disable it, or change its batch settings. */
    async updateEventSourceMapping(request: { UUID: string; Enabled?: boolean; BatchSize?: number }): Promise<EventSourceMappingConfiguration> {
      const mapping = mappings.get(request.UUID);
      if (!mapping) throw new MinicloudError("ResourceNotFoundException", `The resource you requested does not exist: event source mapping ${request.UUID}.`, { field: "UUID", statusCode: 404 });
      if (request.Enabled !== undefined) mapping.config.State = request.Enabled ? "Enabled" : "Disabled";
      if (request.BatchSize !== undefined) mapping.config.BatchSize = request.BatchSize;
      mapping.config.LastModified = new Date(clock.now());
      return { ...mapping.config };
    },

    /** ListEventSourceMappings. */
    async listEventSourceMappings(): Promise<{ EventSourceMappings: EventSourceMappingConfiguration[] }> {
      return { EventSourceMappings: [...mappings.values()].map((m) => ({ ...m.config })) };
    },

    /** DeleteEventSourceMapping: its pollers stop. */
    async deleteEventSourceMapping(request: { UUID: string }): Promise<void> {
      const mapping = mappings.get(request.UUID);
      if (mapping) mapping.active = false;
      mappings.delete(request.UUID);
    },

    /** Stops every poller (the session is over). */
    stop(): void {
      for (const mapping of mappings.values()) mapping.active = false;
      mappings.clear();
    },
  };
}

/** The event source mappings of a session (see {@link createEventSourceMappings}). */
export type EventSourceMappings = ReturnType<typeof createEventSourceMappings>;
