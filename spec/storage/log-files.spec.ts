// Proves on-disk names follow Kafka: 20-digit segment prefixes, <topic>-<partition> split at the
// last dash, and <topic>-<partition>.<32 hex>-delete for partitions awaiting removal.
import { expect } from 'chai';
import { deleteDirName, formatBaseOffset, parseLogFileName, parsePartitionDirName } from '../../lib/storage/log-files';

describe('storage/log-files', () => {
  it('formats and parses 20-digit segment names', () => {
    expect(formatBaseOffset(368769)).to.equal('00000000000000368769');
    expect(parseLogFileName('00000000000000368769.log')).to.equal(368769);
    expect(parseLogFileName('00000000000000368769.index')).to.equal(null);
    expect(parseLogFileName('368769.log')).to.equal(null);
  });

  it('splits partition dirs at the last dash', () => {
    expect(parsePartitionDirName('orders-0')).to.deep.equal({ topic: 'orders', partition: 0 });
    expect(parsePartitionDirName('my-dashed-topic-12')).to.deep.equal({ topic: 'my-dashed-topic', partition: 12 });
    for (const bad of ['orders', 'orders-', '-3', 'orders-x', 'lost+found'])
      expect(parsePartitionDirName(bad)).to.equal(null);
  });

  it('names deleted partition dirs with a 32-hex uuid', () => {
    expect(deleteDirName('orders', 3)).to.match(/^orders-3\.[0-9a-f]{32}-delete$/);
  });
});
