'use strict';
/* Reads what test/support/egress/preload.cjs recorded (one <pid>.jsonl per process). */
const fs = require('node:fs');
const path = require('node:path');

/** Every record in `dir`, in file order, from every process. */
function readEgress(dir) {
  if (!dir || !fs.existsSync(dir)) return [];
  const records = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line.trim()) records.push(JSON.parse(line));
    }
  }
  return records;
}

/** Attempts outside loopback that no self-test made on purpose: each one fails the run. */
function offending(records) {
  return records.filter((r) => !r.loopback && !r.deliberate);
}

/** One paragraph per destination and calling code: what, how many times, from which process. */
function describeEgress(records) {
  const groups = new Map();
  for (const r of records) {
    const destination = `${r.kind} ${r.host}${r.port === undefined ? '' : `:${r.port}`}`;
    const key = `${destination}\n${(r.stack ?? [])[0] ?? ''}`;
    const group = groups.get(key) ?? { destination, count: 0, processes: new Set(), stack: r.stack ?? [] };
    group.count += 1;
    group.processes.add(r.process);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .map(([, g]) =>
      [`${g.destination}  (${g.count}× from ${[...g.processes].join(', ')})`, ...g.stack.slice(0, 6).map((f) => `    at ${f}`)].join('\n'),
    )
    .join('\n');
}

module.exports = { readEgress, offending, describeEgress };
