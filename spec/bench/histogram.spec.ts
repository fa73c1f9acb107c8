// Proves bench/histogram.ts reports percentiles the way the latency case relies on: exact below
// 128, within 1/64 above it and never below the true value, never above the largest sample,
// merges add up, and an empty histogram says NaN rather than a made-up zero.
import { expect } from 'chai';
import { Histogram, HISTOGRAM_VALUE_MAX } from '../../bench/histogram';

function trueValueAt(sorted: number[], percentile: number): number {
  return sorted[Math.max(1, Math.ceil((percentile / 100) * sorted.length)) - 1];
}

describe('bench histogram', () => {
  it('is exact for values below 128', () => {
    const h = new Histogram();
    for (let v = 0; v < 100; v++) h.record(v);
    expect(h.valueAt(50)).to.equal(49);
    expect(h.valueAt(99)).to.equal(98);
    expect(h.valueAt(100)).to.equal(99);
    expect(h.summary().min).to.equal(0);
  });

  it('keeps every percentile within 1/64 above the true value over a wide spread', () => {
    const h = new Histogram();
    const values: number[] = [];
    let x = 12345;
    for (let i = 0; i < 20000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31; // a fixed pseudo-random spread, so the spec is repeatable
      const v = x % 2_000_000;
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 95, 99, 99.9, 99.99]) {
      const truth = trueValueAt(values, p);
      const got = h.valueAt(p);
      expect(got, `p${p}`).to.be.at.least(truth);
      expect(got, `p${p}`).to.be.at.most(truth * (1 + 1 / 64) + 1);
    }
  });

  it('never reports above the largest sample and keeps max, mean and count exact', () => {
    const h = new Histogram();
    h.record(1000);
    h.record(3001);
    const s = h.summary();
    expect(s.max).to.equal(3001);
    expect(s.p999).to.equal(3001);
    expect(s.mean).to.equal(2000.5);
    expect(s.count).to.equal(2);
  });

  it('counts repeated samples and merges two histograms', () => {
    const a = new Histogram();
    const b = new Histogram();
    a.record(10, 99);
    b.record(5000);
    a.merge(b);
    expect(a.count).to.equal(100);
    expect(a.valueAt(99)).to.equal(10);
    expect(a.valueAt(100)).to.equal(5000);
    expect(a.summary().min).to.equal(10);
  });

  it('answers NaN when empty and clamps values outside its range', () => {
    expect(Number.isNaN(new Histogram().valueAt(99))).to.equal(true);
    expect(Number.isNaN(new Histogram().summary().max)).to.equal(true);
    const h = new Histogram();
    h.record(-5);
    h.record(2 ** 40);
    expect(h.summary().min).to.equal(0);
    expect(h.summary().max).to.equal(HISTOGRAM_VALUE_MAX);
  });
});
