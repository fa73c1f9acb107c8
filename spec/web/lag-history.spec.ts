// Proves the lag history is bounded: a group keeps at most an hour's worth of points (by count
// and by age), oldest dropped first, and groups that no longer exist are forgotten.
import { expect } from 'chai';
import { LagHistory } from '../../lib/web/lag-history';
import { lagSeries } from '../../lib/web/console/lag-chart';

const point = (timeMs: number, totalLag: number, byTopic: Record<string, number> = {}) => ({
  timeMs,
  totalLag,
  byTopic,
});

describe('LagHistory', () => {
  it('keeps one hour of 10 s samples: 360 points, the oldest dropped first', () => {
    const history = new LagHistory();
    expect(history.pointsMax).to.equal(360);
    const start = 1_000_000;
    for (let i = 0; i < 400; i++) history.record('g', point(start + i * 10_000, i));
    const kept = history.points('g', start + 399 * 10_000);
    expect(kept).to.have.length(360);
    expect(kept[0].totalLag).to.equal(40);
    expect(kept[359].totalLag).to.equal(399);
  });

  it('leaves out points older than the window even when fewer than the maximum', () => {
    const history = new LagHistory(60_000, 1000);
    history.record('g', point(0, 1));
    history.record('g', point(50_000, 2));
    expect(history.points('g', 100_000).map((p) => p.totalLag)).to.deep.equal([2]);
    expect(history.points('unknown')).to.deep.equal([]);
  });

  it('forgets groups that are gone', () => {
    const history = new LagHistory();
    history.record('stays', point(1, 1));
    history.record('deleted', point(1, 1));
    history.retain(new Set(['stays']));
    expect(history.points('stays', 2)).to.have.length(1);
    expect(history.points('deleted', 2)).to.deep.equal([]);
  });

  it("gives uPlot's columns: seconds, the total, then one series per topic (null where a topic had no sample)", () => {
    const series = lagSeries('g', [point(10_000, 5, { a: 5 }), point(20_000, 7, { a: 3, b: 4 })], 10_000);
    expect(series).to.deep.equal({
      group: 'g',
      intervalMs: 10_000,
      labels: ['total', 'a', 'b'],
      times: [10, 20],
      series: [
        [5, 7],
        [5, 3],
        [null, 4],
      ],
    });
  });
});
