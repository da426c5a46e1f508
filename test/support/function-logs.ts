import type { Cloud } from "minicloud";

/** What a function printed after `marker` in each of its log lines that has it (tests print "MARK data"). */
export function printedAfter(cloud: Cloud, functionName: string, marker: string): string[] {
  return cloud.lambda.logs
    .filterLogEvents(`/aws/lambda/${functionName}`, (m) => m.includes(marker))
    .map((e) => e.message.slice(e.message.indexOf(marker) + marker.length));
}
