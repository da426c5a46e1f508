/**
 * The context object a handler receives, as AWS's Node.js runtime builds it (the shape of `Context`
 * in @types/aws-lambda, so a handler typed with it takes this unchanged).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  /** A string, as AWS gives it (e.g. "128"). */
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  /** Milliseconds left before the function times out. */
  getRemainingTimeInMillis(): number;
  /** @deprecated Use the callback or return a promise, as AWS advises. */
  done(error?: Error | string | null, result?: unknown): void;
  /** @deprecated */
  fail(error: Error | string): void;
  /** @deprecated */
  succeed(messageOrObject: unknown): void;
}

/** A handler's callback: an error, or null and the result. */
export type LambdaCallback = (error?: Error | string | null, result?: unknown) => void;

/**
 * A handler given as a function value for `inline` functions: the same signature as a Node.js
 * handler on AWS — `async (event, context) => result`, or `(event, context, callback) => void`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a handler takes whatever event its trigger sends
export type InlineHandler = (event: any, context: LambdaContext, callback: LambdaCallback) => unknown;
