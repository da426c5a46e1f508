import { inspect } from "node:util";
import type { RuntimeErrorShape } from "../runtime-api/runtime-api-server.js";
import type { InlineHandler, LambdaCallback, LambdaContext } from "./types.js";

/**
 * Calls a handler as AWS's Node.js runtime does: a returned promise gives the answer; a handler that
 * takes a third parameter answers through the callback (or `context.done/succeed/fail`); any other
 * handler answers with what it returned. The first answer wins.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
export function callHandler(handler: InlineHandler, event: unknown, context: LambdaContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback: LambdaCallback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (error) => callback(error ?? "handled");
    let returned: unknown;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      callback((error as Error | string | null | undefined) ?? new Error("the handler threw without a reason"));
      return;
    }
    if (returned !== null && typeof returned === "object" && typeof (returned as PromiseLike<unknown>).then === "function") {
      (returned as PromiseLike<unknown>).then(
        (result) => callback(null, result),
        (error: unknown) => callback((error as Error | string | null | undefined) ?? new Error("the handler's promise was rejected without a reason")),
      );
    } else if (handler.length < 3) {
      callback(null, returned);
    }
  });
}

/** An error as the Node.js runtime reports it: errorType, errorMessage, and the stack as trace lines. */
export function errorShape(error: unknown): RuntimeErrorShape {
  if (error instanceof Error) return { errorType: error.name || "Error", errorMessage: error.message, trace: String(error.stack ?? "").split("\n") };
  return { errorType: typeof error, errorMessage: typeof error === "string" ? error : inspect(error), trace: [] };
}
