import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { canonicalJson, type AuditKeys } from './chain';

/**
 * A signed statement, written outside the database, of where a chain stood: its `seq`th record
 * has the MAC `head`. `head` checkpoints are written at a regular interval and at shutdown; a
 * `cut` is written by the purge before it removes a chain's records up to `seq` (the verifier
 * starts the chain again from it).
 */
export interface Checkpoint {
  chain: string;
  seq: number;
  head: string;
  at: string;
  /**
   * `head`: the chain stood at `seq`. `cut`: the purge removed the records up to `seq`. `void`:
   * the writer's INSERT of the records `from` to `seq` failed (their requests got no answer), so
   * they may be missing; the chain's writer moved to a new chain.
   */
  kind: 'head' | 'cut' | 'void';
  /** For a `void`: the first position of the range. */
  from?: number;
}

export interface SignedCheckpoint extends Checkpoint {
  sig: string;
}

const body = (c: Checkpoint) => canonicalJson([c.chain, c.seq, c.head, c.at, c.kind, c.from ?? null]);

export function signCheckpoint(keys: AuditKeys, checkpoint: Checkpoint): SignedCheckpoint {
  return { ...checkpoint, sig: createHmac('sha256', keys.checkpoint).update(body(checkpoint)).digest('hex') };
}

export function checkpointSignatureHolds(keys: AuditKeys, checkpoint: SignedCheckpoint): boolean {
  const expected = createHmac('sha256', keys.checkpoint).update(body(checkpoint)).digest();
  const given = Buffer.from(typeof checkpoint.sig === 'string' ? checkpoint.sig : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where checkpoints go. */
export interface CheckpointSink {
  write(checkpoint: SignedCheckpoint): Promise<void>;
}

const fileOf = (chain: string) => `${chain.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`;

/**
 * An append-only directory (AUDIT_CHECKPOINT_DIR): one file per chain, one JSON line per
 * checkpoint, opened in append mode and synced before the write returns. Files are never
 * rewritten, so the directory can sit on storage that only allows appends (chattr +a, a WORM
 * bucket mounted, another host's share) that the database's administrators do not control.
 */
export class DirectoryCheckpointSink implements CheckpointSink {
  constructor(readonly dir: string) {}

  async write(checkpoint: SignedCheckpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = await open(path.join(this.dir, fileOf(checkpoint.chain)), 'a', 0o600);
    try {
      await file.write(`${JSON.stringify(checkpoint)}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}

export interface ChainAnchors {
  /** The checkpoint of the furthest head (its record must still be there, with that MAC). */
  lastHead?: SignedCheckpoint;
  /** Cuts by the seq they were made at (the record after a cut links to its head). */
  cuts: Map<number, SignedCheckpoint>;
  /** Ranges [from, to] of positions whose INSERT failed (their requests were not answered). */
  voids: [number, number][];
}

export interface CheckpointReading {
  anchors: Map<string, ChainAnchors>;
  /** Lines that are not a checkpoint or whose signature does not hold, by file and line. */
  forged: string[];
  read: number;
}

/**
 * Reads every checkpoint file of the directory, a line at a time, keeping per chain only the
 * furthest head, the cuts and the voids (rare): memory grows with the number of chains, not of checkpoints.
 */
export async function readCheckpoints(dir: string, keys: AuditKeys): Promise<CheckpointReading> {
  const anchors = new Map<string, ChainAnchors>();
  const forged: string[] = [];
  let read = 0;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { anchors, forged, read };
    throw error;
  }
  for (const name of files) {
    const lines = createInterface({ input: createReadStream(path.join(dir, name), 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n += 1;
      if (line.trim() === '') continue;
      let checkpoint: SignedCheckpoint;
      try {
        checkpoint = JSON.parse(line) as SignedCheckpoint;
      } catch {
        forged.push(`${name}:${n} is not a checkpoint`);
        continue;
      }
      if (
        typeof checkpoint.chain !== 'string' ||
        !Number.isSafeInteger(checkpoint.seq) ||
        (checkpoint.kind !== 'head' && checkpoint.kind !== 'cut' && checkpoint.kind !== 'void') ||
        (checkpoint.kind === 'void' && !Number.isSafeInteger(checkpoint.from)) ||
        !checkpointSignatureHolds(keys, checkpoint)
      ) {
        forged.push(`${name}:${n} has no valid signature under the audit key`);
        continue;
      }
      read += 1;
      let chain = anchors.get(checkpoint.chain);
      if (!chain) anchors.set(checkpoint.chain, (chain = { cuts: new Map(), voids: [] }));
      if (checkpoint.kind === 'cut') chain.cuts.set(checkpoint.seq, checkpoint);
      else if (checkpoint.kind === 'void') chain.voids.push([checkpoint.from!, checkpoint.seq]);
      else if (!chain.lastHead || checkpoint.seq > chain.lastHead.seq) chain.lastHead = checkpoint;
    }
  }
  return { anchors, forged, read };
}
