import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { ACCOUNT_ID, arn } from "../../core/arn.js";
import type { Clock, Timer } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { LogStore } from "../../lambda/logs/log-store.js";
import type { Deliver } from "../targets.js";
import { compileFilterPattern } from "./filter-pattern.js";

/** A subscription filter, as DescribeSubscriptionFilters describes it. */
export interface SubscriptionFilter {
  filterName: string;
  logGroupName: string;
  filterPattern: string;
  destinationArn: string;
  distribution: "ByLogStream";
  creationTime: number;
}

/** One log event as FilterLogEvents returns it. */
export interface FilteredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

/** A batch of log events that could not be handed to its function (it was not there). */
export interface FailedLogDelivery {
  filterName: string;
  logGroupName: string;
  events: number;
}

/** Options for {@link createCloudWatchLogs}. */
export interface CloudWatchLogsOptions {
  clock: Clock;
  /** Where the log groups are: Lambda's log store. */
  store: LogStore;
  /** Hands an `{ awslogs: { data } }` event to the subscribed function (invoked asynchronously). */
  deliver: Deliver;
}

/** How long events gather before a batch goes to the subscriber (CloudWatch Logs batches too). */
const BATCH_WINDOW_MS = 100;
/** Keeps a batch's payload well inside Lambda's 256 KB for asynchronous invocations, even uncompressed. */
const MAX_BATCH_BYTES = 150 * 1024;
const FUNCTION_ARN = /^arn:aws:lambda:[^:]+:\d{12}:function:([a-zA-Z0-9-_]+)(:[a-zA-Z0-9$_-]+)?$/;

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterException", message, { field, statusCode: 400 });
}

/** A log event's id, as CloudWatch Logs writes them: 56 digits, the same for the same event every time. */
function eventId(timestamp: number, stream: string, index: number): string {
  const digits = [...createHash("sha512").update(`${stream}\0${index}`).digest()].map((b) => String(b % 10)).join("");
  return (String(Math.floor(timestamp)).padStart(20, "0") + digits).slice(0, 56);
}

/**
 * minicloud's CloudWatch Logs over Lambda's log groups: reading them (GetLogEvents, FilterLogEvents,
 * DescribeLogGroups/Streams) and subscription filters that send matching events, in batches, to a
 * Lambda function as `{ awslogs: { data } }` — the gzip-compressed, base64-encoded JSON of
 * CloudWatchLogsDecodedData (messageType DATA_MESSAGE, owner, logGroup, logStream, subscriptionFilters, logEvents).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
 */
export function createCloudWatchLogs(options: CloudWatchLogsOptions) {
  const { clock, store } = options;
  const created = new Map<string, number>();
  const filters = new Map<string, Map<string, SubscriptionFilter & { matches(message: string): boolean }>>();
  const batches = new Map<string, { filter: SubscriptionFilter; stream: string; events: { id: string; timestamp: number; message: string }[]; timer: Timer }>();
  const counts = new Map<string, number>();
  const failedDeliveries: FailedLogDelivery[] = [];

  const groupExists = (group: string) => created.has(group) || store.groupNames().includes(group);
  const checkGroup = (group: unknown): string => {
    if (typeof group !== "string" || !groupExists(group)) {
      throw new MinicloudError("ResourceNotFoundException", `The specified log group does not exist: ${String(group)}. A function's group appears at its first invocation (or create it with createLogGroup).`, {
        field: "logGroupName",
        statusCode: 400,
      });
    }
    return group;
  };
  /** The index of a new event in its stream (counted from the store once, then kept). */
  const nextIndex = (group: string, stream: string): number => {
    const key = `${group}\0${stream}`;
    const index = counts.get(key) ?? store.getLogEvents(group, stream).length - 1;
    counts.set(key, index + 1);
    return index;
  };

  const flush = async (key: string): Promise<void> => {
    const batch = batches.get(key);
    if (!batch) return;
    batches.delete(key);
    const { filter } = batch;
    for (let start = 0; start < batch.events.length; ) {
      let bytes = 0;
      let end = start;
      while (end < batch.events.length && (end === start || bytes + batch.events[end]!.message.length + 100 <= MAX_BATCH_BYTES)) bytes += batch.events[end++]!.message.length + 100;
      const decoded = { messageType: "DATA_MESSAGE", owner: ACCOUNT_ID, logGroup: filter.logGroupName, logStream: batch.stream, subscriptionFilters: [filter.filterName], logEvents: batch.events.slice(start, end) };
      const data = gzipSync(JSON.stringify(decoded)).toString("base64");
      if (!(await options.deliver(filter.destinationArn, { body: JSON.stringify({ awslogs: { data } }) }))) {
        failedDeliveries.push({ filterName: filter.filterName, logGroupName: filter.logGroupName, events: end - start });
      }
      start = end;
    }
  };

  const unsubscribe = store.subscribe((group, stream, event) => {
    const subscribed = filters.get(group);
    if (!subscribed || subscribed.size === 0) return;
    const id = eventId(event.timestamp, stream, nextIndex(group, stream));
    for (const filter of subscribed.values()) {
      if (!filter.matches(event.message)) continue;
      const key = `${group}\0${filter.filterName}\0${stream}`;
      let batch = batches.get(key);
      if (!batch) batches.set(key, (batch = { filter, stream, events: [], timer: clock.setTimer(BATCH_WINDOW_MS, () => void flush(key)) }));
      batch.events.push({ id, timestamp: event.timestamp, message: event.message });
    }
  });

  return {
    /** Batches of events that could not be handed to their function. */
    failedDeliveries,

    /** CreateLogGroup: so a subscription can be made before the function first writes. */
    async createLogGroup(request: { logGroupName: string }): Promise<void> {
      if (typeof request.logGroupName !== "string" || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(request.logGroupName)) {
        throw invalid("logGroupName", `logGroupName is 1-512 letters, digits and . - _ / #; got ${String(request.logGroupName)}.`);
      }
      if (groupExists(request.logGroupName)) throw new MinicloudError("ResourceAlreadyExistsException", "The specified log group already exists.", { field: "logGroupName", statusCode: 400 });
      created.set(request.logGroupName, clock.now());
    },

    /** DescribeLogGroups. */
    async describeLogGroups(request: { logGroupNamePrefix?: string } = {}) {
      const names = [...new Set([...store.groupNames(), ...created.keys()])].filter((n) => n.startsWith(request.logGroupNamePrefix ?? "")).sort();
      return {
        logGroups: names.map((logGroupName) => ({
          logGroupName,
          arn: arn("logs", `log-group:${logGroupName}:*`),
          creationTime: created.get(logGroupName) ?? Math.min(...store.describeLogStreams(logGroupName).map((s) => s.creationTime)),
          storedBytes: 0,
        })),
      };
    },

    /** DescribeLogStreams, the most recently written first. */
    async describeLogStreams(request: { logGroupName: string }) {
      checkGroup(request.logGroupName);
      return { logStreams: created.has(request.logGroupName) && !store.groupNames().includes(request.logGroupName) ? [] : store.describeLogStreams(request.logGroupName) };
    },

    /** GetLogEvents of one stream, oldest first (or the newest `limit` unless startFromHead). */
    async getLogEvents(request: { logGroupName: string; logStreamName: string; startTime?: number; endTime?: number; limit?: number; startFromHead?: boolean }) {
      const events = store.getLogEvents(checkGroup(request.logGroupName), request.logStreamName).filter((e) => e.timestamp >= (request.startTime ?? 0) && e.timestamp < (request.endTime ?? Infinity));
      const limit = request.limit ?? 10_000;
      const page = request.startFromHead ? events.slice(0, limit) : events.slice(Math.max(0, events.length - limit));
      return { events: page, nextForwardToken: `f/${page.length}`, nextBackwardToken: "b/0" };
    },

    /** FilterLogEvents: a group's events across streams in time order, matching a filter pattern. */
    async filterLogEvents(request: { logGroupName: string; filterPattern?: string; logStreamNames?: string[]; startTime?: number; endTime?: number; limit?: number }): Promise<{ events: FilteredLogEvent[] }> {
      const group = checkGroup(request.logGroupName);
      const matches = compileFilterPattern(request.filterPattern ?? "");
      const streams = request.logStreamNames ?? (store.groupNames().includes(group) ? store.describeLogStreams(group).map((st) => st.logStreamName) : []);
      const events = streams
        .flatMap((stream) => store.getLogEvents(group, stream).map((e, index) => ({ logStreamName: stream, ...e, eventId: eventId(e.timestamp, stream, index) })))
        .filter((e) => e.timestamp >= (request.startTime ?? 0) && e.timestamp < (request.endTime ?? Infinity) && matches(e.message))
        .sort((a, b) => a.timestamp - b.timestamp);
      return { events: events.slice(0, request.limit ?? 10_000) };
    },

    /** PutSubscriptionFilter: matching events of the group go to a Lambda function (two filters per group at most). */
    async putSubscriptionFilter(request: { logGroupName: string; filterName: string; filterPattern: string; destinationArn: string; distribution?: "ByLogStream" | "Random" }): Promise<void> {
      const group = checkGroup(request.logGroupName);
      if (typeof request.filterName !== "string" || !/^[^:*]{1,512}$/.test(request.filterName)) throw invalid("filterName", `filterName is 1-512 characters, without : or *; got ${String(request.filterName)}.`);
      const matches = compileFilterPattern(request.filterPattern);
      const fn = FUNCTION_ARN.exec(String(request.destinationArn));
      if (!fn) throw invalid("destinationArn", `minicloud delivers log subscriptions to Lambda functions: destinationArn must be a function ARN; got ${String(request.destinationArn)}.`);
      if (group === `/aws/lambda/${fn[1]}`) {
        throw invalid("destinationArn", `${fn[1]} would receive its own log events, and every delivery would write more: an endless loop. Send them to another function.`);
      }
      const own = filters.get(group) ?? new Map();
      if (!own.has(request.filterName) && own.size >= 2) throw new MinicloudError("LimitExceededException", "Resource limit exceeded: a log group has at most 2 subscription filters.", { field: "filterName", statusCode: 400 });
      own.set(request.filterName, {
        filterName: request.filterName,
        logGroupName: group,
        filterPattern: request.filterPattern,
        destinationArn: request.destinationArn,
        distribution: "ByLogStream",
        creationTime: clock.now(),
        matches,
      });
      filters.set(group, own);
      // Events written while nothing was subscribed were not counted: count afresh from the store.
      for (const key of counts.keys()) if (key.startsWith(`${group}\0`)) counts.delete(key);
    },

    /** DescribeSubscriptionFilters. */
    async describeSubscriptionFilters(request: { logGroupName: string }): Promise<{ subscriptionFilters: SubscriptionFilter[] }> {
      checkGroup(request.logGroupName);
      return { subscriptionFilters: [...(filters.get(request.logGroupName)?.values() ?? [])].map(({ matches: _m, ...f }) => f) };
    },

    /** DeleteSubscriptionFilter. */
    async deleteSubscriptionFilter(request: { logGroupName: string; filterName: string }): Promise<void> {
      checkGroup(request.logGroupName);
      if (!filters.get(request.logGroupName)?.delete(request.filterName)) {
        throw new MinicloudError("ResourceNotFoundException", `The specified subscription filter does not exist: ${request.filterName}.`, { field: "filterName", statusCode: 400 });
      }
    },

    /** Stops watching the log store and drops batches not yet sent (the session is over). */
    shutdown(): void {
      unsubscribe();
      for (const batch of batches.values()) batch.timer.cancel();
      batches.clear();
    },
  };
}

/** minicloud's CloudWatch Logs, see {@link createCloudWatchLogs}. */
export type CloudWatchLogs = ReturnType<typeof createCloudWatchLogs>;
