'use strict';
/*
 * Egress recorder for the test suite (issue 17: nothing leaves the département unasked).
 *
 * Loaded with `node --require` (NODE_OPTIONS, set by the jest global setup, so that the jest
 * workers and every process a test starts inherit it) and required in-process by the global setup
 * (tests run in band live in jest's own process). It records every outbound attempt of the
 * process into PASSERELLE_EGRESS_DIR/<pid>.jsonl, one JSON line each:
 *   - TCP and TLS connects (net.Socket#connect: net.connect, tls.connect, http(s).request, undici,
 *     pg all end there), before any name is resolved;
 *   - fetch calls (the global fetch, whose connects carry no stack of their caller);
 *   - DNS lookups and queries (dns.lookup, dns.resolve*, dns.reverse, their promise and Resolver
 *     forms);
 *   - UDP sends and connects (dgram).
 * An attempt at anything but loopback (127.0.0.0/8, ::1, localhost, a unix socket) is recorded
 * with the stack that made it, then refused locally (an ECONNREFUSED / ENOTFOUND error, as a
 * closed port would answer): the suite never sends anything off the machine, and a phone-home
 * shows up as a record instead of as a timeout. The global teardown fails the run on any such
 * record; test/egress.e2e.ts proves the recorder sees what it must.
 *
 * Without PASSERELLE_EGRESS_DIR it does nothing. Plain CommonJS on purpose: it must load before
 * anything is compiled.
 */
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const { AsyncLocalStorage } = require('node:async_hooks');

const API = Symbol.for('passerelle.egress');
const dir = process.env.PASSERELLE_EGRESS_DIR;

if (dir && !net[API]) install(dir);

function install(dir) {
  const file = path.join(dir, `${process.pid}.jsonl`);
  const process_ = process.argv.slice(1, 3).map((a) => path.basename(a)).join(' ') || 'node';
  /** Attempts made inside `deliberately(fn)` are the self-test's, and marked so. */
  const deliberate = new AsyncLocalStorage();

  function isLoopbackHost(host) {
    if (host === undefined || host === null || host === '') return true; // Node's default: localhost
    let h = String(host).toLowerCase();
    if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
    if (h.endsWith('.')) h = h.slice(0, -1);
    if (h === 'localhost' || h.endsWith('.localhost')) return true;
    if (h.startsWith('::ffff:')) h = h.slice(7);
    if (net.isIPv4(h)) return h.split('.')[0] === '127';
    if (net.isIPv6(h)) return /^(0*:)*:?0*1$/.test(h) || h === '::1';
    return false;
  }

  function origin() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60;
    const stack = new Error().stack.split('\n').slice(1);
    Error.stackTraceLimit = limit;
    return stack
      .map((l) => l.trim().replace(/^at /, ''))
      .filter((l) => !l.includes(__filename) && !l.includes('(node:') && !l.startsWith('node:'))
      .slice(0, 10);
  }

  /** Records one attempt; returns true when it must be refused. */
  function record(kind, host, port) {
    const loopback = kind === 'unix' || isLoopbackHost(host);
    const entry = { pid: process.pid, process: process_, kind, host: host === undefined ? null : String(host) };
    if (port !== undefined && port !== null) entry.port = Number(port);
    entry.loopback = loopback;
    if (!loopback) {
      if (deliberate.getStore()) entry.deliberate = true;
      entry.stack = origin();
    }
    try {
      fs.appendFileSync(file, JSON.stringify(entry) + '\n');
    } catch {
      // The folder is gone (the run is over): nothing left to report to.
    }
    return !loopback;
  }

  function refusal(code, what) {
    const error = new Error(`${code} ${what}: refused by the test egress recorder (only loopback is allowed)`);
    error.code = code;
    error.syscall = code === 'ENOTFOUND' ? 'getaddrinfo' : 'connect';
    return error;
  }

  // TCP and TLS: every client connection goes through Socket#connect.
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function recordedConnect(...args) {
    let options = args[0];
    if (Array.isArray(options)) options = options[0]; // net.connect's normalized arguments
    let kind = 'tcp';
    let host;
    let port;
    if (options !== null && typeof options === 'object') {
      if (options.path) kind = 'unix'; // as net decides: http(s) agents pass `path: null`
      host = options.host;
      port = options.port;
    } else if (typeof options === 'string' && !/^\d+$/.test(options)) {
      kind = 'unix';
    } else {
      port = options;
      host = typeof args[1] === 'string' ? args[1] : undefined;
    }
    if (this.encrypted && kind === 'tcp') kind = 'tls';
    if (record(kind, host, port)) {
      const error = refusal('ECONNREFUSED', `${host}:${port}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };

  // fetch (undici): its connects run in Node's internals, where a stack says nothing of the
  // caller; recorded here, with the caller's stack, and refused before any connect.
  if (typeof globalThis.fetch === 'function') {
    const fetch_ = globalThis.fetch;
    globalThis.fetch = function recordedFetch(input, init) {
      let url;
      try {
        url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      } catch {
        return fetch_.call(this, input, init); // let fetch report the bad URL itself
      }
      const port = url.port || (url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined);
      if (record('fetch', url.hostname, port)) {
        return Promise.reject(new TypeError('fetch failed', { cause: refusal('ECONNREFUSED', `${url.hostname}:${port}`) }));
      }
      return fetch_.call(this, input, init);
    };
  }

  // DNS: callback and promise forms, the module's functions and the Resolver classes'.
  const NAMES = [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCaa',
    'resolveCname',
    'resolveMx',
    'resolveNaptr',
    'resolveNs',
    'resolvePtr',
    'resolveSoa',
    'resolveSrv',
    'resolveTxt',
    'reverse',
  ];
  function wrapCallback(target, name) {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = function recordedDns(host, ...rest) {
      if (record(`dns.${name}`, host)) {
        const callback = rest[rest.length - 1];
        const error = refusal('ENOTFOUND', String(host));
        if (typeof callback === 'function') process.nextTick(() => callback(error));
        return undefined;
      }
      return original.call(this, host, ...rest);
    };
  }
  function wrapPromise(target, name) {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = function recordedDns(host, ...rest) {
      if (record(`dns.${name}`, host)) return Promise.reject(refusal('ENOTFOUND', String(host)));
      return original.call(this, host, ...rest);
    };
  }
  for (const name of NAMES) {
    wrapCallback(dns, name);
    wrapCallback(dns.Resolver.prototype, name);
    wrapPromise(dns.promises, name);
    wrapPromise(dns.promises.Resolver.prototype, name);
  }

  // UDP.
  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function recordedSend(...args) {
    // send(msg[, offset, length], port[, address][, callback])
    const numbers = args.slice(1).filter((a) => typeof a === 'number');
    const address = args.slice(1).find((a) => typeof a === 'string');
    const port = numbers[numbers.length - 1];
    if (port !== undefined && record('udp', address, port)) {
      const callback = args[args.length - 1];
      if (typeof callback === 'function') process.nextTick(() => callback(refusal('ECONNREFUSED', `${address}:${port}`)));
      return undefined;
    }
    return send.apply(this, args);
  };
  const udpConnect = dgram.Socket.prototype.connect;
  dgram.Socket.prototype.connect = function recordedUdpConnect(port, address, callback) {
    if (record('udp', typeof address === 'string' ? address : undefined, port)) {
      const cb = typeof address === 'function' ? address : callback;
      const error = refusal('ECONNREFUSED', `${address}:${port}`);
      process.nextTick(() => (typeof cb === 'function' ? cb(error) : this.emit('error', error)));
      return undefined;
    }
    return udpConnect.apply(this, arguments);
  };

  // Child processes inherit the recorder even when a test builds their environment from
  // process.env after this point.
  const self = JSON.stringify(__filename);
  if (!(process.env.NODE_OPTIONS || '').includes(__filename)) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS || ''} --require ${self}`.trim();
  }

  Object.defineProperty(net, API, {
    value: Object.freeze({
      file,
      dir,
      isLoopbackHost,
      /** Runs `fn` with its attempts marked deliberate (the self-test's own). */
      deliberately: (fn) => deliberate.run(true, fn),
    }),
  });
}
