import { MinicloudError } from "../core/errors.js";

/** One Dockerfile instruction the embedded engines understand, with the line it starts on. */
export type Instruction =
  | { line: number; kind: "FROM"; image: string }
  | { line: number; kind: "WORKDIR"; path: string }
  | { line: number; kind: "COPY"; sources: string[]; destination: string }
  | { line: number; kind: "ENV"; vars: Record<string, string> }
  | { line: number; kind: "EXPOSE"; ports: number[] }
  | { line: number; kind: "CMD" | "ENTRYPOINT"; argv: string[] }
  | { line: number; kind: "LABEL"; labels: Record<string, string> };

/** The instructions the course uses; Docker itself understands many more. */
export const SUPPORTED_INSTRUCTIONS = ["FROM", "WORKDIR", "COPY", "ENV", "EXPOSE", "CMD", "ENTRYPOINT", "LABEL"] as const;

function error(file: string, line: number, message: string): MinicloudError {
  return new MinicloudError("InvalidDockerfile", `${file}:${line}: ${message}`, { field: `${file}:${line}` });
}

/** Splits `KEY=value KEY2="two words"` pairs, honouring double quotes and backslash escapes. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quoted = false;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (c === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(c)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function pairs(file: string, line: number, keyword: string, rest: string): Record<string, string> {
  const words = splitWords(rest);
  const result: Record<string, string> = {};
  if (words.length >= 1 && !words[0]!.includes("=")) {
    // Legacy form: `ENV KEY value with spaces`.
    const [key, ...value] = rest.trim().split(/\s+/);
    if (key === undefined || value.length === 0) throw error(file, line, `${keyword} needs KEY=value (or KEY value).`);
    result[key] = value.join(" ");
    return result;
  }
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) throw error(file, line, `${keyword} expects KEY=value pairs; "${word}" has no "=".`);
    result[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return result;
}

/** CMD and ENTRYPOINT: the JSON ("exec") form as written, the shell form wrapped in `/bin/sh -c` as Docker does. */
function argvOf(file: string, line: number, keyword: string, rest: string): string[] {
  const trimmed = rest.trim();
  if (trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw error(file, line, `${keyword} looks like the JSON form but is not valid JSON: ${trimmed} (use double quotes).`);
    }
    if (!Array.isArray(parsed) || parsed.some((p) => typeof p !== "string")) {
      throw error(file, line, `${keyword} in JSON form must be a list of strings, e.g. ["node", "server.js"].`);
    }
    return parsed as string[];
  }
  if (trimmed === "") throw error(file, line, `${keyword} needs a command.`);
  return ["/bin/sh", "-c", trimmed];
}

/** Joins continued lines (ending in `\`) and drops comments and blank lines, keeping each instruction's first line number. */
function logicalLines(text: string): { line: number; text: string }[] {
  const result: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (pending === undefined && (raw.trim() === "" || raw.trimStart().startsWith("#"))) return;
    if (pending !== undefined && raw.trimStart().startsWith("#")) return;
    const continued = /\\\s*$/.test(raw);
    const body = continued ? raw.replace(/\\\s*$/, "") : raw;
    pending = pending ? { line: pending.line, text: `${pending.text} ${body.trim()}` } : { line: lineNo, text: body.trim() };
    if (!continued) {
      result.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) result.push(pending);
  return result;
}

/**
 * Parses a Dockerfile into the instructions the embedded engines can carry out. Anything else
 * (RUN, ADD, ARG, USER...) is an error naming its line: those need a real Docker engine.
 */
export function parseDockerfile(text: string, file = "Dockerfile"): Instruction[] {
  const instructions: Instruction[] = [];
  for (const { line, text: body } of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/.exec(body);
    const keyword = (match?.[1] ?? "").toUpperCase();
    const rest = match?.[2] ?? "";
    switch (keyword) {
      case "FROM": {
        const [image, as] = rest.trim().split(/\s+/);
        if (!image) throw error(file, line, "FROM needs an image, e.g. FROM minicloud/node:20.");
        if (as !== undefined) throw error(file, line, "multi-stage builds (FROM ... AS name) are not supported by the embedded engine; use Docker.");
        instructions.push({ line, kind: "FROM", image });
        break;
      }
      case "WORKDIR": {
        const path = rest.trim();
        if (path === "") throw error(file, line, "WORKDIR needs a path, e.g. WORKDIR /app.");
        instructions.push({ line, kind: "WORKDIR", path });
        break;
      }
      case "COPY": {
        const words = rest.trim().startsWith("[") ? argvOf(file, line, "COPY", rest) : splitWords(rest);
        const flag = words.find((w) => w.startsWith("--"));
        if (flag !== undefined) throw error(file, line, `COPY ${flag} is not supported by the embedded engine; use Docker.`);
        if (words.length < 2) throw error(file, line, "COPY needs at least one source and a destination, e.g. COPY server.js /app/.");
        instructions.push({ line, kind: "COPY", sources: words.slice(0, -1), destination: words[words.length - 1]! });
        break;
      }
      case "ENV":
        instructions.push({ line, kind: "ENV", vars: pairs(file, line, "ENV", rest) });
        break;
      case "LABEL":
        instructions.push({ line, kind: "LABEL", labels: pairs(file, line, "LABEL", rest) });
        break;
      case "EXPOSE": {
        const ports = rest
          .trim()
          .split(/\s+/)
          .map((p) => {
            const [port, protocol = "tcp"] = p.split("/");
            const n = Number(port);
            if (!Number.isInteger(n) || n < 1 || n > 65535 || protocol !== "tcp") {
              throw error(file, line, `EXPOSE takes TCP port numbers 1-65535, not "${p}".`);
            }
            return n;
          });
        instructions.push({ line, kind: "EXPOSE", ports });
        break;
      }
      case "CMD":
      case "ENTRYPOINT":
        instructions.push({ line, kind: keyword, argv: argvOf(file, line, keyword, rest) });
        break;
      default:
        throw error(
          file,
          line,
          `${keyword || body} is not supported by the embedded engine (it understands ${SUPPORTED_INSTRUCTIONS.join(", ")}); use the Docker engine for this Dockerfile.`,
        );
    }
  }
  if (instructions[0]?.kind !== "FROM") throw error(file, instructions[0]?.line ?? 1, "a Dockerfile must start with FROM, e.g. FROM minicloud/node:20.");
  return instructions;
}
