// Proves the offset store against the real ZooKeeper: a commit leaves the offset znode as plain
// decimal text with metadata in its `metadata` child (only when non-empty), a second commit
// updates both in place, fetch returns given or all partitions (-1 for none), and deleting or
// listing groups sees exactly the groups with offsets (deleting also drops empty ids/owners
// containers and the group znode, but never a live member's znode).
import { expect } from 'chai';
import {
  commitOffsets,
  consumerOffsetMetadataPath,
  deleteGroupOffsets,
  fetchOffsets,
  listGroupsWithOffsets,
} from '../../lib/coordinator/offset-store';
import type { ZkSession } from '../../lib/zk/session';
import { openZkSession, zkChroot } from '../helpers/zookeeper';

describe('coordinator/offset-store', () => {
  let session: ZkSession;

  beforeEach(async () => {
    session = await openZkSession(zkChroot('offset-store'));
  });

  afterEach(async () => {
    await session.close();
  });

  const text = async (path: string): Promise<string> =>
    ((await session.getData(path)).data ?? Buffer.alloc(0)).toString('utf8');

  it('writes decimal text at /consumers/<group>/offsets/<topic>/<partition> and metadata in its child', async () => {
    await commitOffsets(session, 'g1', [
      { topic: 'orders', partition: 0, offset: 42, metadata: 'consumer-1' },
      { topic: 'orders', partition: 1, offset: 0, metadata: '' },
      { topic: 'audit', partition: 3, offset: 9007199254740991, metadata: '' },
    ]);
    expect(await text('/consumers/g1/offsets/orders/0')).to.equal('42');
    expect(await text('/consumers/g1/offsets/orders/1')).to.equal('0');
    expect(await text('/consumers/g1/offsets/audit/3')).to.equal('9007199254740991');
    expect(await text('/consumers/g1/offsets/orders/0/metadata')).to.equal('consumer-1');
    expect(consumerOffsetMetadataPath('g1', 'orders', 0)).to.equal('/consumers/g1/offsets/orders/0/metadata');
    expect(await session.exists('/consumers/g1/offsets/orders/1/metadata')).to.equal(null);
    expect((await session.getChildren('/consumers/g1/offsets/orders')).sort()).to.deep.equal(['0', '1']);
  });

  it('a later commit updates offsets and metadata in place; empty metadata removes the child', async () => {
    await commitOffsets(session, 'g1', [{ topic: 'orders', partition: 0, offset: 42, metadata: 'first' }]);
    await commitOffsets(session, 'g1', [
      { topic: 'orders', partition: 0, offset: 50, metadata: '' },
      { topic: 'orders', partition: 2, offset: 7, metadata: 'ü-meta' },
    ]);
    expect(await text('/consumers/g1/offsets/orders/0')).to.equal('50');
    expect(await session.exists('/consumers/g1/offsets/orders/0/metadata')).to.equal(null);
    expect((await session.getData('/consumers/g1/offsets/orders/0')).stat.version).to.equal(1);
    expect(await fetchOffsets(session, 'g1', [{ topic: 'orders', partition: 2 }])).to.deep.equal([
      { topic: 'orders', partition: 2, offset: 7, metadata: 'ü-meta' },
    ]);
  });

  it('the last entry for a partition in one request wins', async () => {
    await commitOffsets(session, 'g1', [
      { topic: 't', partition: 0, offset: 1, metadata: 'a' },
      { topic: 't', partition: 0, offset: 2, metadata: 'b' },
    ]);
    expect(await text('/consumers/g1/offsets/t/0')).to.equal('2');
    expect(await text('/consumers/g1/offsets/t/0/metadata')).to.equal('b');
  });

  it('fetches given partitions (-1 when never committed) or every committed partition', async () => {
    await commitOffsets(session, 'g1', [
      { topic: 'b', partition: 10, offset: 100, metadata: '' },
      { topic: 'b', partition: 2, offset: 20, metadata: 'm' },
      { topic: 'a', partition: 0, offset: 5, metadata: '' },
    ]);
    expect(
      await fetchOffsets(session, 'g1', [
        { topic: 'a', partition: 0 },
        { topic: 'a', partition: 1 },
      ]),
    ).to.deep.equal([
      { topic: 'a', partition: 0, offset: 5, metadata: '' },
      { topic: 'a', partition: 1, offset: -1, metadata: '' },
    ]);
    expect(await fetchOffsets(session, 'g1', null)).to.deep.equal([
      { topic: 'a', partition: 0, offset: 5, metadata: '' },
      { topic: 'b', partition: 2, offset: 20, metadata: 'm' },
      { topic: 'b', partition: 10, offset: 100, metadata: '' },
    ]);
    expect(await fetchOffsets(session, 'nobody', null)).to.deep.equal([]);
  });

  it('reads offsets written by an old consumer (plain decimal, no metadata child)', async () => {
    await session.createRecursive('/consumers/legacy/offsets/t/0', Buffer.from('1234'));
    expect(await fetchOffsets(session, 'legacy', null)).to.deep.equal([
      { topic: 't', partition: 0, offset: 1234, metadata: '' },
    ]);
  });

  it('lists groups with offsets and deletes one group without touching the others', async () => {
    await commitOffsets(session, 'g1', [{ topic: 't', partition: 0, offset: 1, metadata: 'x' }]);
    await commitOffsets(session, 'g2', [{ topic: 't', partition: 0, offset: 2, metadata: '' }]);
    await session.createRecursive('/consumers/members-only/ids');
    expect(await listGroupsWithOffsets(session)).to.deep.equal(['g1', 'g2']);
    await deleteGroupOffsets(session, 'g1');
    expect(await session.exists('/consumers/g1')).to.equal(null);
    expect(await listGroupsWithOffsets(session)).to.deep.equal(['g2']);
    expect(await fetchOffsets(session, 'g1', [{ topic: 't', partition: 0 }])).to.deep.equal([
      { topic: 't', partition: 0, offset: -1, metadata: '' },
    ]);
    await session.createRecursive('/consumers/g2/ids/live-member');
    await session.createRecursive('/consumers/g2/owners/t');
    await deleteGroupOffsets(session, 'g2');
    expect(await session.getChildren('/consumers/g2')).to.deep.equal(['ids']);
    await commitOffsets(session, 'g3', [{ topic: 't', partition: 0, offset: 3, metadata: '' }]);
    await session.createRecursive('/consumers/g3/ids');
    await session.createRecursive('/consumers/g3/owners/t');
    await deleteGroupOffsets(session, 'g3');
    expect(await session.exists('/consumers/g3')).to.equal(null);
  });

  it('concurrent commits of one partition all succeed; one of them is the final value', async () => {
    await commitOffsets(session, 'g1', [{ topic: 't', partition: 0, offset: 0, metadata: '' }]);
    const offsets = [11, 12, 13];
    await Promise.all(
      offsets.map((offset) =>
        commitOffsets(session, 'g1', [{ topic: 't', partition: 0, offset, metadata: `m${offset}` }]),
      ),
    );
    const [stored] = await fetchOffsets(session, 'g1', [{ topic: 't', partition: 0 }]);
    expect(offsets).to.include(stored.offset);
    expect(stored.metadata).to.equal(`m${stored.offset}`);
  });

  it('commits many partitions (more than one multi) and acknowledges only when all are stored', async () => {
    const entries = Array.from({ length: 600 }, (_, partition) => ({
      topic: 'wide',
      partition,
      offset: partition * 2,
      metadata: '',
    }));
    await commitOffsets(session, 'g1', entries);
    const fetched = await fetchOffsets(session, 'g1', null);
    expect(fetched).to.have.length(600);
    expect(fetched[599]).to.deep.equal({ topic: 'wide', partition: 599, offset: 1198, metadata: '' });
  });
});
