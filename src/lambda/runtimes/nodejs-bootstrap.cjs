// minicloud's Node.js runtime client: the program an execution environment runs for a `nodejs*`
// function. Like AWS's own, it talks to the Lambda Runtime API (2018-06-01) at AWS_LAMBDA_RUNTIME_API:
// load the handler (INIT), then loop: GET invocation/next, call the handler, POST the response or
// the error. It depends on nothing but Node.js, because it runs inside the function's environment.
"use strict";
const http = require("node:http");
const path = require("node:path");
const util = require("node:util");
const { pathToFileURL } = require("node:url");

const [apiHost, apiPort] = (process.env.AWS_LAMBDA_RUNTIME_API || "").split(":");
const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
const handlerName = process.env._HANDLER || "";
let currentRequestId;

// Counts what the function writes, so that minicloud knows how much log to wait for before it writes
// END and REPORT (a minicloud header on the response; AWS's platform learns this its own way).
let logBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    logBytes += Buffer.byteLength(chunk);
    return write(chunk, ...rest);
  };
}

// Console lines as AWS's Node.js runtime prints them: time, request id, level, message.
for (const [method, level] of [["log", "INFO"], ["info", "INFO"], ["warn", "WARN"], ["error", "ERROR"], ["debug", "DEBUG"], ["trace", "TRACE"]]) {
  console[method] = (...args) => {
    const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}\n`;
    process.stdout.write(line.replace(/\n(?!$)/g, "\r"));
  };
}

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: apiHost,
        port: Number(apiPort),
        method,
        path: `/2018-06-01/runtime/${route}`,
        headers: { ...headers, "x-minicloud-log-bytes": String(logBytes), ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}) },
      },
      (response) => {
        const chunks = [];
        response.on("data", (c) => chunks.push(c));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function errorShape(error) {
  if (error instanceof Error) {
    return { errorType: error.name || "Error", errorMessage: error.message, trace: String(error.stack || "").split("\n") };
  }
  return { errorType: typeof error, errorMessage: typeof error === "string" ? error : util.inspect(error), trace: [] };
}

async function postError(route, error, errorType) {
  const shape = typeof error === "object" && error !== null && "errorType" in error && !(error instanceof Error) ? error : errorShape(error);
  if (errorType) shape.errorType = errorType;
  await call("POST", route, JSON.stringify(shape), { "lambda-runtime-function-error-type": shape.errorType });
  return shape;
}

async function loadHandler() {
  const match = /^([^.]+(?:\/[^.]+)*)\.([^.]+)$/.exec(handlerName);
  if (!match) {
    throw Object.assign(new Error(`Bad handler ${handlerName}`), { name: "Runtime.MalformedHandlerName" });
  }
  const [, file, exported] = match;
  const base = path.resolve(taskRoot, file);
  let module;
  for (const extension of [".js", ".cjs", ".mjs"]) {
    const candidate = base + extension;
    if (!require("node:fs").existsSync(candidate)) continue;
    try {
      module = extension === ".mjs" ? await import(pathToFileURL(candidate).href) : require(candidate);
    } catch (error) {
      if (error instanceof SyntaxError) throw Object.assign(error, { name: "Runtime.UserCodeSyntaxError", message: `${error.name}: ${error.message}` });
      throw error;
    }
    break;
  }
  if (module === undefined) {
    throw Object.assign(new Error(`Error: Cannot find module '${file}'\nRequire stack:\n- ${__filename}`), { name: "Runtime.ImportModuleError" });
  }
  const handler = module[exported] ?? module.default?.[exported];
  if (typeof handler !== "function") {
    throw Object.assign(new Error(`${handlerName} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
  }
  return handler;
}

function contextFor(headers) {
  const deadline = Number(headers["lambda-runtime-deadline-ms"]);
  return {
    awsRequestId: headers["lambda-runtime-aws-request-id"],
    invokedFunctionArn: headers["lambda-runtime-invoked-function-arn"],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function invokeHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    Object.assign(context, { done: callback, succeed: (r) => callback(null, r), fail: (e) => callback(e ?? "handled") });
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      settled = true;
      reject(error);
      return;
    }
    if (returned && typeof returned.then === "function") {
      returned.then((r) => callback(null, r), (e) => callback(e ?? new Error("the handler's promise was rejected without a reason")));
    } else if (handler.length < 3) {
      // A handler that neither returns a promise nor takes a callback answers with what it returned.
      callback(null, returned);
    }
  });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    const shape = await postError("init/error", error, error.name);
    console.error(`${shape.errorType}: ${shape.errorMessage}`);
    process.exit(1);
  }
  for (;;) {
    const next = await call("GET", "invocation/next");
    const requestId = next.headers["lambda-runtime-aws-request-id"];
    currentRequestId = requestId;
    let event;
    try {
      event = next.body === "" ? null : JSON.parse(next.body);
    } catch (error) {
      await postError(`invocation/${requestId}/error`, Object.assign(new Error(`Unexpected token in JSON event: ${error.message}`), { name: "Runtime.UnmarshalError" }));
      continue;
    }
    // A handler whose promise never settles must run into its timeout, as on AWS, not let Node exit.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      const result = await invokeHandler(handler, event, contextFor(next.headers));
      const body = JSON.stringify(result === undefined ? null : result);
      await call("POST", `invocation/${requestId}/response`, body);
    } catch (error) {
      const shape = errorShape(error);
      console.error(`Invoke Error \t${JSON.stringify(shape)}`);
      await postError(`invocation/${requestId}/error`, shape);
    } finally {
      clearInterval(keepAlive);
    }
  }
}

process.on("unhandledRejection", async (reason) => {
  const shape = { ...errorShape(reason), errorType: "Runtime.UnhandledPromiseRejection" };
  console.error(`Unhandled Promise Rejection \t${JSON.stringify(shape)}`);
  if (currentRequestId) await postError(`invocation/${currentRequestId}/error`, shape).catch(() => undefined);
  process.exit(128);
});

main().catch((error) => {
  process.stderr.write(`minicloud runtime client failed: ${error.stack || error}\n`);
  process.exit(1);
});
