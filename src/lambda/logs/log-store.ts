import { MinicloudError } from "../../core/errors.js";

/** One log event, as CloudWatch Logs stores it. */
export interface OutputLogEvent {
  /** Epoch ms. */
  timestamp: number;
  message: string;
  ingestionTime: number;
}

/** A log stream's description (DescribeLogStreams). */
export interface LogStream {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
}

/**
 * Log groups and streams, CloudWatch Logs style: a Lambda function writes to `/aws/lambda/<name>`,
 * one stream per execution environment. Listeners (log subscriptions, a notebook's live view) see
 * each event as it is written.
 */
export class LogStore {
  readonly #groups = new Map<string, Map<string, { stream: LogStream; events: OutputLogEvent[] }>>();
  readonly #listeners = new Set<(group: string, stream: string, event: OutputLogEvent) => void>();

  /** Writes one event, creating the group and stream when needed. */
  put(group: string, stream: string, timestamp: number, message: string): void {
    let streams = this.#groups.get(group);
    if (!streams) this.#groups.set(group, (streams = new Map()));
    let entry = streams.get(stream);
    if (!entry) streams.set(stream, (entry = { stream: { logStreamName: stream, creationTime: timestamp }, events: [] }));
    const event = { timestamp, message, ingestionTime: timestamp };
    entry.events.push(event);
    entry.stream.firstEventTimestamp ??= timestamp;
    entry.stream.lastEventTimestamp = timestamp;
    for (const listener of this.#listeners) listener(group, stream, event);
  }

  /** Calls `listener` for every event written from now on; returns a function that stops it. */
  subscribe(listener: (group: string, stream: string, event: OutputLogEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The log groups, by name. */
  groupNames(): string[] {
    return [...this.#groups.keys()].sort();
  }

  /** The streams of a group, newest first (DescribeLogStreams ordered by LastEventTime). */
  describeLogStreams(group: string): LogStream[] {
    const streams = this.#groups.get(group);
    if (!streams) throw new MinicloudError("ResourceNotFoundException", `The specified log group does not exist: ${group}.`, { field: "logGroupName" });
    return [...streams.values()].map((e) => ({ ...e.stream })).sort((a, b) => (b.lastEventTimestamp ?? 0) - (a.lastEventTimestamp ?? 0));
  }

  /** The events of one stream, oldest first (GetLogEvents). */
  getLogEvents(group: string, stream: string): OutputLogEvent[] {
    const entry = this.#groups.get(group)?.get(stream);
    if (!entry) throw new MinicloudError("ResourceNotFoundException", `The specified log stream does not exist: ${group} ${stream}.`, { field: "logStreamName" });
    return entry.events.map((e) => ({ ...e }));
  }

  /** Every event of a group, across streams, in time order (FilterLogEvents; `filter` picks messages). */
  filterLogEvents(group: string, filter?: (message: string) => boolean): (OutputLogEvent & { logStreamName: string })[] {
    const streams = this.#groups.get(group);
    if (!streams) return [];
    return [...streams.entries()]
      .flatMap(([name, e]) => e.events.map((event) => ({ ...event, logStreamName: name })))
      .filter((e) => filter === undefined || filter(e.message))
      .sort((a, b) => a.timestamp - b.timestamp);
  }
}
