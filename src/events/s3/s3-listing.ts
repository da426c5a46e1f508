import { s3Errors } from "./s3-errors.js";

/** ListObjectsV2's request, in AWS's names. */
export interface ListObjectsV2Request {
  Bucket: string;
  /** Only keys that begin with it. */
  Prefix?: string;
  /** Rolls keys that hold it after the prefix up into one CommonPrefixes entry (a "folder"), e.g. "/". */
  Delimiter?: string;
  /** At most this many keys and common prefixes (0–1000, default 1000). */
  MaxKeys?: number;
  /** The NextContinuationToken of the previous page. */
  ContinuationToken?: string;
  /** Only keys after this one (the first page only). */
  StartAfter?: string;
}

/** One page of a listing: keys and common prefixes in UTF-8 binary order, as S3 lists them. */
export interface ListingPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

const compare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The opaque token S3 hands back for the next page: here, where the page stopped. */
function tokenAfter(entry: string): string {
  return Buffer.from(entry).toString("base64url");
}

function positionOf(token: string): string {
  const position = Buffer.from(token, "base64url").toString();
  if (token === "" || tokenAfter(position) !== token) throw s3Errors.invalidArgument("ContinuationToken", "The continuation token provided is incorrect: pass the NextContinuationToken of the previous page.");
  return position;
}

/**
 * Lists keys as ListObjectsV2 does: keys under the prefix, those holding the delimiter after the prefix
 * rolled up into common prefixes, a page of at most MaxKeys entries (keys and common prefixes count
 * alike), and a token to continue after the page's last entry.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
export function listKeys(allKeys: Iterable<string>, request: ListObjectsV2Request): ListingPage {
  const maxKeys = request.MaxKeys ?? 1000;
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw s3Errors.invalidArgument("MaxKeys", `Provided max-keys not an integer or within integer range: ${maxKeys}.`);
  const prefix = request.Prefix ?? "";
  const delimiter = request.Delimiter ?? "";
  const after = request.ContinuationToken !== undefined ? positionOf(request.ContinuationToken) : request.StartAfter;
  const page: ListingPage = { keys: [], commonPrefixes: [], isTruncated: false };
  const keys = [...allKeys].filter((k) => k.startsWith(prefix)).sort(compare);
  let last: string | undefined;
  for (const key of keys) {
    const cut = delimiter === "" ? -1 : key.indexOf(delimiter, prefix.length);
    const entry = cut === -1 ? key : key.slice(0, cut + delimiter.length);
    // Resuming after a common prefix skips every key under it.
    if (after !== undefined && (compare(key, after) <= 0 || (cut !== -1 && entry === after))) continue;
    if (entry === last) continue;
    if (page.keys.length + page.commonPrefixes.length === maxKeys) {
      page.isTruncated = true;
      if (last !== undefined) page.nextContinuationToken = tokenAfter(last);
      break;
    }
    if (cut === -1) page.keys.push(key);
    else page.commonPrefixes.push(entry);
    last = entry;
  }
  return page;
}
