// The comment lines that structure a course source. A comment that starts with one of the marker words but
// does not parse is an error, not prose: a typo in a marker would otherwise silently become text.

/** A structural marker found in a source. */
export type SourceMarker =
  | { kind: "cell"; id: string }
  | { kind: "hint"; id: string }
  | { kind: "rubric"; id: string }
  | { kind: "exercise"; id: string; points: number | undefined }
  | { kind: "end-exercise" };

/** A marker comment that could not be read, with what to write instead. */
export interface MarkerProblem {
  problem: string;
}

const MARKER_WORD = /^<!--\s*(cell|hint|rubric|exercise|end)\b/;
const CELL = /^<!--\s*(cell|hint|rubric):\s*(\S+)\s*-->\s*$/;
const EXERCISE = /^<!--\s*exercise:\s*(\S+)((?:\s+[^\s=]+=\S+)*)\s*-->\s*$/;
const END_EXERCISE = /^<!--\s*end exercise\s*-->\s*$/;

function readPoints(attributes: string, id: string): number | undefined | MarkerProblem {
  let points: number | undefined;
  for (const attribute of attributes.trim().split(/\s+/).filter((a) => a !== "")) {
    const [key, value] = attribute.split("=") as [string, string];
    if (key !== "points") return { problem: `unknown exercise attribute "${key}"; write <!-- exercise: ${id} points=3 -->` };
    points = Number(value);
    if (!(Number.isFinite(points) && points >= 0 && points <= 1000 && Math.round(points * 100) === points * 100)) {
      return { problem: `points must be a number from 0 to 1000 with at most two decimals, not "${value}"` };
    }
  }
  return points;
}

/** Reads one HTML comment of a source: a marker, a problem with a would-be marker, or undefined for prose. */
export function readMarker(html: string): SourceMarker | MarkerProblem | undefined {
  const word = MARKER_WORD.exec(html)?.[1];
  if (word === undefined) return undefined;
  if (word === "cell" || word === "hint" || word === "rubric") {
    const match = CELL.exec(html);
    return match ? { kind: word, id: match[2]! } : { problem: `write the marker on one line as <!-- ${word}: some-id -->` };
  }
  if (word === "end") return END_EXERCISE.test(html) ? { kind: "end-exercise" } : { problem: "write the end of an exercise as <!-- end exercise -->" };
  const match = EXERCISE.exec(html);
  if (!match) return { problem: "write an exercise marker on one line as <!-- exercise: some-id points=3 -->" };
  const points = readPoints(match[2] ?? "", match[1]!);
  if (typeof points === "object") return points;
  return { kind: "exercise", id: match[1]!, points };
}

/** True when a marker could not be read. */
export function isMarkerProblem(marker: SourceMarker | MarkerProblem): marker is MarkerProblem {
  return "problem" in marker;
}
