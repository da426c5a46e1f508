import { MinicloudError } from "../../core/errors.js";

/**
 * Compiles a CloudWatch Logs filter pattern for unstructured messages into a test: empty matches
 * everything; `ERROR Exception` needs both terms; `"Connection refused"` a quoted phrase; `?ERROR ?WARN`
 * either; `-DEBUG` excludes. Terms are case-sensitive and match anywhere in the message. JSON (`{ $.x = 1 }`)
 * and space-delimited (`[ip, user]`) patterns are refused, naming what minicloud takes.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function compileFilterPattern(pattern: unknown): (message: string) => boolean {
  if (typeof pattern !== "string" || pattern.length > 1024) throw invalid(String(pattern), "a filter pattern is text of at most 1024 characters.");
  const text = pattern.trim();
  if (text === "") return () => true;
  if (text.startsWith("{") || text.startsWith("[")) {
    throw invalid(pattern, "minicloud matches terms, \"quoted phrases\", ?alternatives and -exclusions; JSON ({ $.x = ... }) and space-delimited ([a, b]) patterns are not modelled.");
  }
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  const token = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/y;
  let at = 0;
  while (at < text.length) {
    if (/\s/.test(text[at]!)) {
      at++;
      continue;
    }
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match) throw invalid(pattern, `an unclosed quote at character ${at + 1}.`);
    const [whole, sign, quoted, bare] = match;
    const term = quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : bare!;
    if (term === "") throw invalid(pattern, `an empty term at character ${at + 1}.`);
    // AWS: a term of anything but letters, digits and underscores goes in double quotes.
    if (bare !== undefined && !/^\w+$/.test(bare)) throw invalid(pattern, `the term ${bare} has characters other than letters, digits and _: quote it, "${bare}".`);
    (sign === "?" ? optional : sign === "-" ? excluded : required).push(term);
    at += whole.length;
  }
  return (message) => required.every((t) => message.includes(t)) && (optional.length === 0 || optional.some((t) => message.includes(t))) && !excluded.some((t) => message.includes(t));
}

function invalid(pattern: string, why: string): MinicloudError {
  return new MinicloudError("InvalidParameterException", `Invalid filter pattern ${JSON.stringify(pattern)}: ${why}`, { field: "filterPattern", statusCode: 400 });
}
