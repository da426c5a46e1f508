/** The platform's START line, as Lambda writes it at the start of each invocation. */
export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

/** The platform's END line. */
export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** The figures of one invocation that the REPORT line gives. */
export interface ReportFigures {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Only on a cold start. */
  initDurationMs?: number;
}

/**
 * The REPORT line, in AWS's field order and with its tabs — Init Duration comes after Max Memory Used,
 * and the line ends with a tab (as CloudWatch shows for Lambda's own lines).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
export function reportLine(f: ReportFigures): string {
  const fields = [
    `REPORT RequestId: ${f.requestId}`,
    `Duration: ${f.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${f.billedDurationMs} ms`,
    `Memory Size: ${f.memorySizeMB} MB`,
    `Max Memory Used: ${f.maxMemoryUsedMB} MB`,
    ...(f.initDurationMs !== undefined ? [`Init Duration: ${f.initDurationMs.toFixed(2)} ms`] : []),
  ];
  return `${fields.join("\t")}\t`;
}
