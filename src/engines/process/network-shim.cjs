// Loaded with `node --require` into every Node.js program the process engine runs as a container.
// It gives the program what a container's network namespace would: its own address (a loopback
// address of its own, so two containers can both listen on port 8080), its own hostname, and name
// lookups of the other containers on its network (read from a hosts file, as /etc/hosts would be).
"use strict";
const dns = require("node:dns");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");

const ownAddress = process.env.MINICLOUD_CONTAINER_IP;
const hostsFile = process.env.MINICLOUD_HOSTS_FILE;
const hostname = process.env.HOSTNAME;

if (ownAddress) {
  const ANY = new Set([undefined, null, "", "0.0.0.0", "::", "::0"]);
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function patchedListen(...args) {
    const [first, second] = args;
    if (first !== null && typeof first === "object" && !(first instanceof net.Server) && first.port !== undefined && first.path === undefined) {
      if (ANY.has(first.host)) args[0] = { ...first, host: ownAddress };
    } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
      if (typeof second === "string" || second === null || second === undefined) {
        if (ANY.has(second)) args[1] = ownAddress;
      } else {
        args.splice(1, 0, ownAddress);
      }
    } else if (first === undefined || typeof first === "function") {
      args.unshift(0, ownAddress);
    }
    return listen.apply(this, args);
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

const lookup = dns.lookup;
dns.lookup = function patchedLookup(name, options, callback) {
  const cb = typeof options === "function" ? options : callback;
  const opts = typeof options === "object" && options !== null ? options : {};
  const address = typeof name === "string" ? lookupHost(name) : undefined;
  if (address === undefined) return lookup.apply(this, arguments);
  process.nextTick(() => (opts.all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)));
  return {};
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function patchedPromisesLookup(name, options) {
  const address = typeof name === "string" ? lookupHost(name) : undefined;
  if (address === undefined) return promisesLookup.call(this, name, options);
  return options && options.all ? [{ address, family: 4 }] : { address, family: 4 };
};

if (hostname) os.hostname = () => hostname;
