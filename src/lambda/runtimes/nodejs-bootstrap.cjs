// minicloud's Node.js runtime client: the program an execution environment runs for a `nodejs*`
// function. Like AWS's own, it talks to the Lambda Runtime API (2018-06-01) at AWS_LAMBDA_RUNTIME_API:
// load the handler (INIT), then loop: GET invocation/next, call the handler, POST the response or
// the error. It depends on nothing but Node.js, because it runs inside the function's environment.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const util = require("node:util");
const { openSocket } = require("./runtime-api-socket.cjs");

const [apiHost, apiPort] = (process.env.AWS_LAMBDA_RUNTIME_API || "").split(":");
// The SDK the runtime carries warns once that its next versions need a newer Node.js. AWS pairs each
// runtime with an SDK made for its Node.js, so a function never prints that there; nor does it here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
const handlerName = process.env._HANDLER || "";
let currentRequestId;

// Counts what the function writes, so that minicloud knows how much log to wait for before it writes
// END and REPORT (a minicloud header on the response; AWS's platform learns this its own way).
// The streams are made on first use (as Node does), so a function that prints nothing never pays for them.
let logBytes = 0;
for (const name of ["stdout", "stderr"]) {
  const made = Object.getOwnPropertyDescriptor(process, name);
  let stream;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: made.enumerable,
    get() {
      if (stream === undefined) {
        stream = made.get.call(process);
        const write = stream.write.bind(stream);
        stream.write = (chunk, ...rest) => {
          logBytes += Buffer.byteLength(chunk);
          return write(chunk, ...rest);
        };
      }
      return stream;
    },
  });
}

// Console lines as AWS's Node.js runtime prints them: time, request id, level, message.
for (const [method, level] of [["log", "INFO"], ["info", "INFO"], ["warn", "WARN"], ["error", "ERROR"], ["debug", "DEBUG"], ["trace", "TRACE"]]) {
  console[method] = (...args) => {
    const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}\n`;
    process.stdout.write(line.replace(/\n(?!$)/g, "\r"));
  };
}

// The Runtime API's HTTP, spoken over one kept-alive connection: the runtime makes one request at a
// time, so a small client does, and it loads and runs much faster than node:http (INIT and every
// invocation are shorter; AWS's own runtime client uses a small native HTTP client too).
let socket;
let received = Buffer.alloc(0);
let inFlight;
const queue = [];

function connection() {
  if (socket !== undefined) return socket;
  const opened = openSocket(
    apiHost,
    Number(apiPort),
    (chunk) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      readResponse();
    },
    (error) => {
      if (socket === opened) socket = undefined;
      received = Buffer.alloc(0);
      const request = inFlight;
      inFlight = undefined;
      if (request) request.reject(error ?? new Error("the Runtime API closed the connection"));
    },
  );
  socket = opened;
  return opened;
}

function readResponse() {
  const end = received.indexOf("\r\n\r\n");
  if (inFlight === undefined || end < 0) return;
  const [statusLine, ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] || 0);
  if (received.length < end + 4 + length) return;
  const body = received.subarray(end + 4, end + 4 + length).toString("utf8");
  received = received.subarray(end + 4 + length);
  const request = inFlight;
  inFlight = undefined;
  request.resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
}

// A header value must be one line of visible ASCII (an error's name is the learner's to choose).
const headerValue = (value) => String(value).replace(/[^\x20-\x7e]/g, "?");

function sendNext() {
  if (inFlight !== undefined || queue.length === 0) return;
  const { method, route, body, headers, resolve, reject } = queue.shift();
  inFlight = {
    resolve: (response) => (resolve(response), sendNext()),
    reject: (error) => (reject(error), sendNext()),
  };
  let head = `${method} /2018-06-01/runtime/${route} HTTP/1.1\r\nhost: ${apiHost}:${apiPort}\r\nx-minicloud-log-bytes: ${logBytes}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${headerValue(value)}\r\n`;
  if (body !== undefined) head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  connection().write(`${head}\r\n${body ?? ""}`);
}

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    queue.push({ method, route, body, headers, resolve, reject });
    sendNext();
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

// Node.js's `import` ignores NODE_PATH; yet on AWS an ES module handler imports the SDK the runtime carries
// as a CommonJS one requires it. So, for ES module handlers only (a loader costs a few milliseconds), a
// package that the handler's own node_modules lack is looked for in NODE_PATH's folders.
const NODE_PATH_HOOKS = `
let parents = [];
export function initialize(data) { parents = data; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || /^(\\.|\\/|[a-z]+:)/.test(specifier)) throw error;
    for (const parentURL of parents) {
      try {
        return await next(specifier, { ...context, parentURL });
      } catch {}
    }
    throw error;
  }
}`;

function resolveImportsFromNodePath() {
  const { pathToFileURL } = require("node:url");
  // Importing as if from a file in /var/runtime/node_modules looks in /var/runtime/node_modules/node_modules,
  // then in /var/runtime/node_modules itself: for NODE_PATH's node_modules folders, what require does.
  const parents = (process.env.NODE_PATH || "").split(path.delimiter).filter(Boolean).map((dir) => pathToFileURL(path.join(dir, "x.mjs")).href);
  require("node:module").register("data:text/javascript," + encodeURIComponent(NODE_PATH_HOOKS), { data: parents });
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
    if (!fs.existsSync(candidate)) continue;
    try {
      if (extension === ".mjs") resolveImportsFromNodePath();
      module = extension === ".mjs" ? await import(require("node:url").pathToFileURL(candidate).href) : require(candidate);
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
  // Connecting while the handler loads takes the TCP handshake out of INIT's critical path.
  connection();
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
    // A handler whose promise never settles runs into its timeout, as on AWS: the open connection to
    // the Runtime API keeps Node from exiting.
    try {
      const result = await invokeHandler(handler, event, contextFor(next.headers));
      const body = JSON.stringify(result === undefined ? null : result);
      await call("POST", `invocation/${requestId}/response`, body);
    } catch (error) {
      const shape = errorShape(error);
      console.error(`Invoke Error \t${JSON.stringify(shape)}`);
      await postError(`invocation/${requestId}/error`, shape);
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
