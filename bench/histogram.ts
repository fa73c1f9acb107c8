// A small log-bucketed latency histogram in the manner of HdrHistogram (hdr-histogram-js is not a
// dependency): values are non-negative integers (the bench records microseconds); below 128 every
// value has its own bucket, above it each power of two is split into 64 equal buckets, so a
// percentile is reported within 1/64 (1.6 %) of the true value, never below it, and never above
// the largest value recorded. Memory is fixed (1,728 counters) whatever the number of samples.

const EXACT_BELOW = 128;
const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Values are clamped here (about 71 minutes in microseconds): the bucket math stays in 32 bits. */
export const HISTOGRAM_VALUE_MAX = 2 ** 32 - 1;
const BUCKET_COUNT = EXACT_BELOW + (32 - 7) * SUB_BUCKETS;

export interface HistogramSummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

function bucketOf(value: number): number {
  if (value < EXACT_BELOW) return value;
  const exponent = 31 - Math.clz32(value);
  const shift = exponent - SUB_BUCKET_BITS;
  const sub = value >>> shift;
  return EXACT_BELOW + (exponent - 7) * SUB_BUCKETS + (sub - SUB_BUCKETS);
}

/** The largest value that falls into `bucket` (HdrHistogram's "highest equivalent value"). */
function bucketTop(bucket: number): number {
  if (bucket < EXACT_BELOW) return bucket;
  const exponent = Math.floor((bucket - EXACT_BELOW) / SUB_BUCKETS) + 7;
  const sub = ((bucket - EXACT_BELOW) % SUB_BUCKETS) + SUB_BUCKETS;
  const shift = exponent - SUB_BUCKET_BITS;
  return (sub + 1) * 2 ** shift - 1;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private sum = 0;
  private minValue = Infinity;
  private maxValue = 0;

  get count(): number {
    return this.total;
  }

  record(value: number, times = 1): void {
    const v = Math.min(HISTOGRAM_VALUE_MAX, Math.max(0, Math.round(value)));
    this.counts[bucketOf(v)] += times;
    this.total += times;
    this.sum += v * times;
    if (v < this.minValue) this.minValue = v;
    if (v > this.maxValue) this.maxValue = v;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKET_COUNT; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    this.sum += other.sum;
    this.minValue = Math.min(this.minValue, other.minValue);
    this.maxValue = Math.max(this.maxValue, other.maxValue);
  }

  /** The value at `percentile` (0–100]: the smallest bucket top covering that share of samples; NaN when empty. */
  valueAt(percentile: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil((Math.min(100, percentile) / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(bucketTop(i), this.maxValue);
    }
    return this.maxValue;
  }

  summary(): HistogramSummary {
    const empty = this.total === 0;
    return {
      count: this.total,
      min: empty ? NaN : this.minValue,
      mean: empty ? NaN : this.sum / this.total,
      p50: this.valueAt(50),
      p95: this.valueAt(95),
      p99: this.valueAt(99),
      p999: this.valueAt(99.9),
      max: empty ? NaN : this.maxValue,
    };
  }
}
