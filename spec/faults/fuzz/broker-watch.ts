// Watches a broker process while it is attacked: its resident memory (VmRSS from
// /proc/<pid>/status, sampled on a timer) and whether it keeps serving a well-formed client — a
// Metadata request every second on its own long-lived connection, which must be answered within
// a deadline and must never be closed by the broker (a bad request closes only its own
// connection).
import * as fs from 'node:fs';
import { Connection } from '../../../lib/network/connection';
import { metadataApi, MetadataRequest } from '../../../lib/protocol/apis/metadata';

/** The process's resident set in KiB, or null once it is gone. */
export function rssKib(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return rssKib(pid) !== null; // a zombie has no VmRSS line
  } catch {
    return false;
  }
}

export interface RssSummary {
  beforeKib: number;
  peakKib: number;
  lastKib: number;
}

export class RssSampler {
  private readonly beforeKib: number;
  private peakKib: number;
  private lastKib: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 500,
  ) {
    this.beforeKib = rssKib(pid) ?? 0;
    this.peakKib = this.beforeKib;
    this.lastKib = this.beforeKib;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): number | null {
    const kib = rssKib(this.pid);
    if (kib !== null) {
      this.lastKib = kib;
      this.peakKib = Math.max(this.peakKib, kib);
    }
    return kib;
  }

  stop(): RssSummary {
    clearInterval(this.timer);
    this.sample();
    return { beforeKib: this.beforeKib, peakKib: this.peakKib, lastKib: this.lastKib };
  }
}

export function formatRss(pid: number | string, rss: RssSummary): string {
  const mib = (kib: number): string => (kib / 1024).toFixed(0);
  return `broker ${pid} RSS ${mib(rss.beforeKib)} MiB before, ${mib(rss.peakKib)} MiB peak, ${mib(rss.lastKib)} MiB after`;
}

/** Brokers only: the cheapest request that still goes through the dispatcher and a handler. */
const PROBE_REQUEST: MetadataRequest = {
  topics: [],
  allowAutoTopicCreation: false,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
};

export interface ProbeReport {
  sent: number;
  answered: number;
  /** Probes that failed or took longer than the deadline, with why. */
  failures: string[];
  /** Times the broker closed the probe's own well-formed connection. */
  connectionsLost: number;
  maxLatencyMs: number;
}

/** A well-formed client beside the attack: Metadata every intervalMs on one connection. */
export class MetadataProbe {
  private connection: Connection | null = null;
  private readonly report: ProbeReport = { sent: 0, answered: 0, failures: [], connectionsLost: 0, maxLatencyMs: 0 };
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly options: { intervalMs: number; deadlineMs: number },
  ) {
    this.loop = this.run();
  }

  async stop(): Promise<ProbeReport> {
    this.running = false;
    await this.loop;
    this.connection?.close();
    return this.report;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      await this.probeOnce();
      const rest = this.options.intervalMs - (Date.now() - started);
      if (rest > 0 && this.running) await new Promise((r) => setTimeout(r, rest));
    }
  }

  private async probeOnce(): Promise<void> {
    const started = Date.now();
    this.report.sent++;
    try {
      if (this.connection?.isClosed) {
        this.report.connectionsLost++;
        this.connection = null;
      }
      this.connection ??= await Connection.connect({
        host: this.host,
        port: this.port,
        clientId: 'hostile-probe',
        connectTimeoutMs: this.options.deadlineMs,
        requestTimeoutMs: this.options.deadlineMs,
      });
      await this.connection.send(metadataApi, 1, PROBE_REQUEST);
      const latencyMs = Date.now() - started;
      this.report.maxLatencyMs = Math.max(this.report.maxLatencyMs, latencyMs);
      if (latencyMs > this.options.deadlineMs) this.fail(`Metadata answered after ${latencyMs} ms`);
      else this.report.answered++;
    } catch (err) {
      this.fail(
        `Metadata probe to ${this.host}:${this.port} failed after ${Date.now() - started} ms: ${(err as Error).message}`,
      );
    }
  }

  private fail(why: string): void {
    if (this.report.failures.length < 20) this.report.failures.push(why);
  }
}
