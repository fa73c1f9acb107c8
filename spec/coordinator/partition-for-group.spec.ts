// Proves coordinator placement matches Kafka's abs(String.hashCode) % partitions: Java hash
// semantics over UTF-16 code units with int32 wrap-around, and Utils.abs mapping MIN_VALUE to 0.
import { expect } from 'chai';
import { javaStringHashCode, kafkaAbs, partitionForGroup } from '../../lib/coordinator/partition-for-group';

describe('coordinator/partition-for-group', () => {
  // Hash values are Java's: "hello" and "abc" are textbook values; "polygenelubricants" is the
  // well-known string hashing to Integer.MIN_VALUE; "été" = 233·31² + 116·31 + 233; the emoji is
  // the surrogate pair D83D DE00 = 55357·31 + 56832.
  const cases: Array<[string, number, number]> = [
    ['', 0, 0],
    ['a', 97, 47],
    ['abc', 96354, 4],
    ['hello', 99162322, 22],
    ['test-group', 627841412, 12],
    ['my-group', -1906497762, 12],
    ['polygenelubricants', -2147483648, 0],
    ['été', 227742, 42],
    ['\u{1F600}', 1772899, 49],
  ];

  for (const [groupId, hash, partition] of cases) {
    it(`${JSON.stringify(groupId)} hashes to ${hash} and maps to partition ${partition} of 50`, () => {
      expect(javaStringHashCode(groupId)).to.equal(hash);
      expect(partitionForGroup(groupId, 50)).to.equal(partition);
    });
  }

  it('Utils.abs maps Integer.MIN_VALUE to 0 and is ordinary abs otherwise', () => {
    expect(kafkaAbs(-2147483648)).to.equal(0);
    expect(kafkaAbs(-5)).to.equal(5);
    expect(kafkaAbs(7)).to.equal(7);
  });

  it('uses the given partition count and rejects a non-positive one', () => {
    expect(partitionForGroup('hello', 1)).to.equal(0);
    expect(partitionForGroup('hello', 7)).to.equal(99162322 % 7);
    expect(() => partitionForGroup('hello', 0)).to.throw(RangeError);
  });
});
