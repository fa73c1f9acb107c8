// Proves the consumer embedded protocol codec: v0/v1 subscriptions and assignments round-trip,
// the v0 layout matches GROUPS.md's example byte for byte, newer versions are read by their
// known prefix, and cut or malformed bytes give ProtocolError.
import { expect } from 'chai';
import {
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from '../../lib/protocol/consumer-protocol';
import { ProtocolError } from '../../lib/protocol/protocol-error';

function expectProtocolErrorOnEveryCut(bytes: Buffer, decode: (b: Buffer) => unknown): void {
  for (let cut = 0; cut < bytes.length; cut++) {
    expect(() => decode(bytes.subarray(0, cut)), `cut at ${cut}`).to.throw(ProtocolError);
  }
}

describe('consumer embedded protocol', () => {
  it('encodes a v0 subscription as GROUPS.md shows', () => {
    const bytes = encodeConsumerSubscription({ topics: ['a'], userData: null, ownedPartitions: [] });
    expect(bytes.toString('hex')).to.equal('0000' + '00000001' + '000161' + 'ffffffff');
    expect(decodeConsumerSubscription(bytes)).to.deep.equal({
      version: 0,
      topics: ['a'],
      userData: null,
      ownedPartitions: [],
    });
  });

  it('round-trips v1 subscriptions with owned partitions and user data', () => {
    const subscription = {
      version: 1,
      topics: ['audit', 'payments'],
      userData: Buffer.from('sticky-state'),
      ownedPartitions: [{ topic: 'payments', partitions: [0, 3] }],
    };
    const bytes = encodeConsumerSubscription(subscription);
    expect(decodeConsumerSubscription(bytes)).to.deep.equal(subscription);
    expectProtocolErrorOnEveryCut(bytes, decodeConsumerSubscription);
  });

  it('round-trips v0 and v1 assignments', () => {
    for (const version of [0, 1]) {
      const assignment = {
        version,
        assignedPartitions: [
          { topic: 'audit', partitions: [1] },
          { topic: 'payments', partitions: [0, 2, 4] },
        ],
        userData: version === 1 ? Buffer.alloc(0) : null,
      };
      const bytes = encodeConsumerAssignment(assignment);
      expect(decodeConsumerAssignment(bytes)).to.deep.equal(assignment);
      expectProtocolErrorOnEveryCut(bytes, decodeConsumerAssignment);
    }
  });

  it('reads a newer version by its known prefix, ignoring appended fields', () => {
    const v1 = encodeConsumerSubscription({ version: 1, topics: ['t'], userData: null, ownedPartitions: [] });
    // A Kafka 3.x v3 subscription appends generationId (int32) and rackId (nullable string).
    const v3 = Buffer.concat([Buffer.from([0, 3]), v1.subarray(2), Buffer.from('00000005ffff', 'hex')]);
    expect(decodeConsumerSubscription(v3)).to.deep.equal({
      version: 3,
      topics: ['t'],
      userData: null,
      ownedPartitions: [],
    });
  });

  it('rejects negative versions and unencodable versions', () => {
    expect(() => decodeConsumerAssignment(Buffer.from('ffff', 'hex'))).to.throw(ProtocolError);
    expect(() => encodeConsumerAssignment({ version: 2, assignedPartitions: [], userData: null })).to.throw(
      ProtocolError,
    );
  });
});
