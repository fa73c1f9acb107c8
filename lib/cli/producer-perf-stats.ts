// Latency and throughput bookkeeping of bin/producer-perf, printing Kafka's
// ProducerPerformance lines: a window line each time the tool's reporting timer asks for one
// (so a stalled producer still reports its zero) and the final summary with percentiles. Like Kafka's tool it keeps a fixed-size sample of latencies (every n-th
// acknowledgement, at most MAX_SAMPLES) in one preallocated Int32Array, so recording an
// acknowledgement allocates nothing.

const MB = 1024 * 1024;
/** Kafka's ProducerPerformance keeps at most this many latency samples. */
const MAX_SAMPLES = 500000;

export class PerfStats {
  private readonly latenciesMs: Int32Array;
  /** Every `sampling`-th acknowledgement's latency is kept. */
  private readonly sampling: number;
  private samples = 0;
  private readonly startMs = Date.now();
  private count = 0;
  private bytes = 0;
  private totalLatencyMs = 0;
  private maxLatencyMs = 0;
  private windowStartMs = Date.now();
  private windowCount = 0;
  private windowBytes = 0;
  private windowTotalLatencyMs = 0;
  private windowMaxLatencyMs = 0;

  constructor(
    numRecords: number,
    private readonly out: (line: string) => void,
  ) {
    const samples = Math.max(1, Math.min(numRecords, MAX_SAMPLES));
    this.latenciesMs = new Int32Array(samples);
    this.sampling = Math.max(1, Math.floor(numRecords / samples));
  }

  record(latencyMs: number, bytes: number): void {
    if (this.count % this.sampling === 0 && this.samples < this.latenciesMs.length)
      this.latenciesMs[this.samples++] = latencyMs;
    this.count++;
    this.bytes += bytes;
    this.totalLatencyMs += latencyMs;
    if (latencyMs > this.maxLatencyMs) this.maxLatencyMs = latencyMs;
    this.windowCount++;
    this.windowBytes += bytes;
    this.windowTotalLatencyMs += latencyMs;
    if (latencyMs > this.windowMaxLatencyMs) this.windowMaxLatencyMs = latencyMs;
  }

  /** Prints the window since the last report and starts the next one. */
  reportWindow(): void {
    const now = Date.now();
    this.printWindow(now);
    this.newWindow(now);
  }

  private printWindow(now: number): void {
    const elapsedMs = Math.max(1, now - this.windowStartMs);
    const recordsPerSec = (1000 * this.windowCount) / elapsedMs;
    const mbPerSec = (1000 * this.windowBytes) / elapsedMs / MB;
    const avg = this.windowCount === 0 ? 0 : this.windowTotalLatencyMs / this.windowCount;
    this.out(
      `${this.windowCount} records sent, ${recordsPerSec.toFixed(1)} records/sec (${mbPerSec.toFixed(2)} MB/sec), ` +
        `${avg.toFixed(1)} ms avg latency, ${this.windowMaxLatencyMs.toFixed(1)} ms max latency.`,
    );
  }

  printTotal(): void {
    const elapsedMs = Math.max(1, Date.now() - this.startMs);
    const recordsPerSec = (1000 * this.count) / elapsedMs;
    const mbPerSec = (1000 * this.bytes) / elapsedMs / MB;
    const avg = this.count === 0 ? 0 : this.totalLatencyMs / this.count;
    const [p50, p95, p99, p999] = this.percentiles([0.5, 0.95, 0.99, 0.999]);
    this.out(
      `${this.count} records sent, ${recordsPerSec.toFixed(6)} records/sec (${mbPerSec.toFixed(2)} MB/sec), ` +
        `${avg.toFixed(2)} ms avg latency, ${this.maxLatencyMs.toFixed(2)} ms max latency, ` +
        `${p50} ms 50th, ${p95} ms 95th, ${p99} ms 99th, ${p999} ms 99.9th.`,
    );
  }

  private percentiles(quantiles: number[]): number[] {
    const kept = this.latenciesMs.slice(0, this.samples).sort();
    return quantiles.map((q) => (kept.length === 0 ? 0 : kept[Math.min(kept.length - 1, Math.floor(q * kept.length))]));
  }

  private newWindow(now: number): void {
    this.windowStartMs = now;
    this.windowCount = 0;
    this.windowBytes = 0;
    this.windowTotalLatencyMs = 0;
    this.windowMaxLatencyMs = 0;
  }
}
