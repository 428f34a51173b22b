export interface EgressRecord {
  pid: number;
  /** The script the process runs (and its first argument). */
  process: string;
  /** tcp, tls, unix, udp, or dns.<function>. */
  kind: string;
  host: string | null;
  port?: number;
  loopback: boolean;
  /** Made inside `deliberately(...)`: the self-test's own attempt. */
  deliberate?: boolean;
  /** Where a non-loopback attempt came from (the first frames outside Node and the recorder). */
  stack?: string[];
}
export function readEgress(dir: string | undefined): EgressRecord[];
export function offending(records: EgressRecord[]): EgressRecord[];
export function describeEgress(records: EgressRecord[]): string;
