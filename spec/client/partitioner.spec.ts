// Proves keyed records land where Kafka's Java client puts them: murmur2 matches the values of
// Kafka's own Utils test table, and partitions agree with kafkajs's Java-compatible partitioner.
import { expect } from 'chai';
import { murmur2, partitionForKey, toPositive, RoundRobinPartitioner } from '../../lib/client/partitioner';

const kafkajsMurmur2: (key: Buffer | string) => number = require('kafkajs/src/producer/partitioners/default/murmur2');

describe('partitioner', () => {
  const table: Array<[string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  for (const [key, expected] of table) {
    it(`murmur2("${key}") = ${expected}`, () => {
      expect(murmur2(Buffer.from(key))).to.equal(expected);
    });
  }

  it('agrees with kafkajs (Java-compatible) on 2,000 keys of every tail length', () => {
    for (let i = 0; i < 2000; i++) {
      const key = Buffer.from(`key-${i}-${'x'.repeat(i % 7)}`);
      expect(partitionForKey(key, 12)).to.equal(toPositive(kafkajsMurmur2(key)) % 12);
    }
  });

  it('spreads unkeyed records round robin', () => {
    const rr = new RoundRobinPartitioner();
    const seen = Array.from({ length: 6 }, () => rr.next('t', 3));
    expect(new Set(seen).size).to.equal(3);
    expect(seen.slice(0, 3).sort()).to.deep.equal(seen.slice(3).sort());
  });
});
