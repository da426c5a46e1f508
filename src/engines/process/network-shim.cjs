// Loaded with `node --require` into every Node.js program the process engine runs as a container.
// It gives the program what a container's network namespace would: its own address (a loopback
// address of its own, so two containers can both listen on port 8080), its own hostname, and name
// lookups of the other containers on its network (read from a hosts file, as /etc/hosts would be).
//
// It patches Node's TCP and DNS bindings rather than the `net` and `dns` modules: loading those
// modules up front would cost every container several milliseconds of start-up, and the bindings
// are what both CommonJS and ES-module programs (and fetch) end up calling.
"use strict";
const fs = require("node:fs");
const os = require("node:os");

const ownAddress = process.env.MINICLOUD_CONTAINER_IP;
const hostsFile = process.env.MINICLOUD_HOSTS_FILE;
const hostname = process.env.HOSTNAME;

if (ownAddress) {
  const { TCP } = process.binding("tcp_wrap");
  const bind = TCP.prototype.bind;
  const bind6 = TCP.prototype.bind6;
  // "Any address" inside the container means the container's own address, as in a network namespace.
  TCP.prototype.bind = function bindOwn(address, port) {
    return bind.call(this, address === "0.0.0.0" ? ownAddress : address, port);
  };
  TCP.prototype.bind6 = function bind6Own(address, port, flags) {
    return address === "::" || address === "::0" ? bind.call(this, ownAddress, port) : bind6.call(this, address, port, flags);
  };
}

function lookupHost(name) {
  if (!hostsFile) return undefined;
  let text;
  try {
    text = fs.readFileSync(hostsFile, "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    const [address, ...names] = line.trim().split(/\s+/);
    if (address && names.includes(name)) return address;
  }
  return undefined;
}

if (hostsFile) {
  const cares = process.binding("cares_wrap");
  const getaddrinfo = cares.getaddrinfo;
  cares.getaddrinfo = function getaddrinfoWithHosts(req, name) {
    const address = typeof name === "string" ? lookupHost(name) : undefined;
    if (address === undefined) return getaddrinfo.apply(this, arguments);
    process.nextTick(() => req.oncomplete(0, [address]));
    return 0;
  };
}

if (hostname) os.hostname = () => hostname;
