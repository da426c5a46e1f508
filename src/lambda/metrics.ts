import { MinicloudError } from "../core/errors.js";

/** The Lambda metrics minicloud records, with CloudWatch's names. */
export type LambdaMetricName = "Invocations" | "Errors" | "Throttles" | "Duration" | "ConcurrentExecutions";
/** The statistics GetMetricStatistics computes. */
export type Statistic = "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount";

/** One datapoint of GetMetricStatistics' answer. */
export interface Datapoint {
  Timestamp: Date;
  Unit: "Count" | "Milliseconds";
  Sum?: number;
  Average?: number;
  Maximum?: number;
  Minimum?: number;
  SampleCount?: number;
}

interface Sample {
  functionName: string;
  metric: LambdaMetricName;
  time: number;
  value: number;
}

/**
 * Lambda's CloudWatch metrics for the session: each invocation adds Invocations, Duration and (when it
 * failed) Errors; a throttled request adds Throttles; ConcurrentExecutions is recorded whenever it changes.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export class LambdaMetrics {
  readonly #samples: Sample[] = [];

  record(functionName: string, metric: LambdaMetricName, time: number, value: number): void {
    this.#samples.push({ functionName, metric, time, value });
  }

  /** CloudWatch's GetMetricStatistics over the recorded samples (all functions when FunctionName is absent). */
  getMetricStatistics(request: {
    MetricName: LambdaMetricName;
    FunctionName?: string;
    StartTime: Date | number;
    EndTime: Date | number;
    /** Seconds per datapoint (CloudWatch's minimum for these metrics is 60; minicloud allows 1). */
    Period: number;
    Statistics: Statistic[];
  }): { Label: LambdaMetricName; Datapoints: Datapoint[] } {
    if (!(Number.isInteger(request.Period) && request.Period >= 1)) {
      throw new MinicloudError("InvalidParameterValueException", `Period must be a whole number of seconds, at least 1; got ${request.Period}.`, { field: "Period" });
    }
    const start = +request.StartTime;
    const end = +request.EndTime;
    const periodMs = request.Period * 1000;
    const buckets = new Map<number, number[]>();
    for (const s of this.#samples) {
      if (s.metric !== request.MetricName || s.time < start || s.time >= end) continue;
      if (request.FunctionName !== undefined && s.functionName !== request.FunctionName) continue;
      const bucket = start + Math.floor((s.time - start) / periodMs) * periodMs;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), s.value]);
    }
    const unit = request.MetricName === "Duration" ? "Milliseconds" : "Count";
    const Datapoints = [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([time, values]) => {
        const point: Datapoint = { Timestamp: new Date(time), Unit: unit };
        const sum = values.reduce((a, b) => a + b, 0);
        for (const statistic of request.Statistics) {
          if (statistic === "Sum") point.Sum = sum;
          if (statistic === "Average") point.Average = sum / values.length;
          if (statistic === "Maximum") point.Maximum = Math.max(...values);
          if (statistic === "Minimum") point.Minimum = Math.min(...values);
          if (statistic === "SampleCount") point.SampleCount = values.length;
        }
        return point;
      });
    return { Label: request.MetricName, Datapoints };
  }
}
