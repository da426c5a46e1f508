/**
 * An error raised by minicloud's API. Its `name` is the AWS exception name (for example
 * `InvalidParameterValueException`), so code that catches AWS SDK errors by name works unchanged,
 * and its message says what was wrong and what to do about it.
 */
export class MinicloudError extends Error {
  /** The field path of the bad input, when one field is to blame (e.g. `containerDefinitions[0].memory`). */
  readonly field: string | undefined;
  /** The HTTP status AWS answers with for this error. */
  readonly statusCode: number;

  constructor(name: string, message: string, options: { field?: string; statusCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.field = options.field;
    this.statusCode = options.statusCode ?? 400;
  }
}

/** True when `error` is a {@link MinicloudError}, optionally with the given AWS exception name. */
export function isMinicloudError(error: unknown, name?: string): error is MinicloudError {
  return error instanceof MinicloudError && (name === undefined || error.name === name);
}
