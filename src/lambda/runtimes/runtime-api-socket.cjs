// The runtime client's one TCP connection to the Runtime API, the bytes under its HTTP/1.1.
//
// It speaks to Node's TCP handle (the `tcp_wrap` binding, which `net` itself is built on) rather than
// through `net`: loading `net` (and the streams under it) and making a first Socket cost an execution
// environment ~3 ms of its ~25 ms cold start, more than everything else the runtime client does, while
// one request at a time over one connection needs none of what streams add. AWS's runtime clients
// likewise speak the Runtime API with a small native HTTP client. Where the binding is not there in
// the shape this expects (another Node.js, a permission model that refuses process.binding), or the
// Runtime API is given by name rather than by IPv4 address (the handle connects to addresses only),
// the same connection is made with `net`.
"use strict";

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A connection: `write` sends text (queued until connected); `onData` gets each chunk read; `onClose` the error that ended it, if any. */
function openSocket(host, port, onData, onClose) {
  return (IPV4.test(host) ? openTcpHandle(host, port, onData, onClose) : undefined) ?? openNetSocket(host, port, onData, onClose);
}

// process.binding is deprecated (DEP0111): under --pending-deprecation it warns, and a function's log
// must not show a warning about the runtime's own insides.
function deprecationsPending() {
  const flag = "--pending-deprecation";
  return process.env.NODE_PENDING_DEPRECATION === "1" || process.execArgv.includes(flag) || (process.env.NODE_OPTIONS ?? "").split(/\s+/).includes(flag);
}

function tcpBindings() {
  if (deprecationsPending()) return undefined;
  try {
    const { TCP, TCPConnectWrap, constants } = process.binding("tcp_wrap");
    const { WriteWrap, streamBaseState, kReadBytesOrError, kArrayBufferOffset } = process.binding("stream_wrap");
    const known = [TCP, TCPConnectWrap, WriteWrap].every((f) => typeof f === "function") && typeof constants?.SOCKET === "number";
    if (!known || streamBaseState === undefined || typeof kReadBytesOrError !== "number" || typeof kArrayBufferOffset !== "number") return undefined;
    return { TCP, TCPConnectWrap, WriteWrap, SOCKET: constants.SOCKET, streamBaseState, kReadBytesOrError, kArrayBufferOffset };
  } catch {
    return undefined;
  }
}

function uvError(status, syscall, host, port) {
  const code = require("node:util").getSystemErrorName(status);
  return Object.assign(new Error(`${syscall} ${code} ${host}:${port}`), { errno: status, code, syscall });
}

function openTcpHandle(host, port, onData, onClose) {
  const b = tcpBindings();
  if (b === undefined) return undefined;
  const handle = new b.TCP(b.SOCKET);
  let pending = [];
  let closed = false;
  const close = (error) => {
    if (closed) return;
    closed = true;
    pending = undefined;
    handle.close();
    onClose(error);
  };
  const send = (text) => {
    const request = new b.WriteWrap();
    request.handle = handle;
    request.async = false;
    // Called only when the write could not finish at once and finishes later.
    request.oncomplete = (status) => status < 0 && close(uvError(status, "write", host, port));
    const status = handle.writeUtf8String(request, text);
    if (status < 0) close(uvError(status, "write", host, port));
  };
  handle.onread = (buffer) => {
    const read = b.streamBaseState[b.kReadBytesOrError];
    if (read > 0) onData(Buffer.from(buffer, b.streamBaseState[b.kArrayBufferOffset], read));
    // The end of the stream (UV_EOF) is the Runtime API closing the connection; anything else is an error.
    else if (read < 0) close(require("node:util").getSystemErrorName(read) === "EOF" ? undefined : uvError(read, "read", host, port));
  };
  const connect = new b.TCPConnectWrap();
  connect.oncomplete = (status) => {
    if (status < 0) return close(uvError(status, "connect", host, port));
    handle.setNoDelay(true);
    handle.readStart();
    const queued = pending;
    pending = undefined;
    for (const text of queued) send(text);
  };
  connect.address = host;
  connect.port = port;
  const status = handle.connect(connect, host, port);
  if (status < 0) process.nextTick(close, uvError(status, "connect", host, port));
  return {
    write(text) {
      if (pending) pending.push(text);
      else if (!closed) send(text);
    },
  };
}

function openNetSocket(host, port, onData, onClose) {
  const socket = require("node:net").connect(port, host);
  socket.setNoDelay(true);
  socket.on("data", onData);
  let closed = false;
  const close = (error) => {
    if (closed) return;
    closed = true;
    onClose(error);
  };
  socket.on("error", close);
  socket.on("close", () => close(undefined));
  return { write: (text) => socket.write(text) };
}

module.exports = { openSocket, openTcpHandle, openNetSocket };
