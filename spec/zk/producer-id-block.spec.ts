// Proves producer id blocks are claimed as Kafka 2.8 claims them: the first block is 0-999,
// each claim takes the block after the one in /latest_producer_id_block, concurrent claims from
// several sessions never overlap (conditional writes, retried on conflict), the JSON is Kafka's
// with string block ends, and a ProducerIdManager hands out consecutive ids across blocks.
import { expect } from 'chai';
import { claimProducerIdBlock, ProducerIdManager } from '../../lib/zk/producer-id-block';
import { decodeProducerIdBlock, encodeProducerIdBlock, ZkPaths } from '../../lib/zk/znodes';
import { ZnodeFormatError } from '../../lib/zk/errors';
import type { ZkSession } from '../../lib/zk/session';
import { silentLogger } from '../../lib/util/logger';
import { openZkSession, zkChroot } from '../helpers/zookeeper';

describe('zk/producer-id-block', () => {
  const sessions: ZkSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  async function open(connectString: string): Promise<ZkSession> {
    const session = await openZkSession(connectString);
    sessions.push(session);
    return session;
  }

  it("encodes and decodes Kafka's JSON, refusing malformed blocks", () => {
    const bytes = encodeProducerIdBlock({ brokerId: 3, blockStart: 1000, blockEnd: 1999 });
    expect(bytes.toString()).to.equal('{"version":1,"broker":3,"block_start":"1000","block_end":"1999"}');
    expect(decodeProducerIdBlock(bytes)).to.deep.equal({ brokerId: 3, blockStart: 1000, blockEnd: 1999 });
    for (const bad of [
      '{"version":1,"broker":3,"block_start":1000,"block_end":"1999"}',
      '{"version":1,"broker":3,"block_start":"5","block_end":"4"}',
      'nope',
    ]) {
      expect(() => decodeProducerIdBlock(Buffer.from(bad))).to.throw(ZnodeFormatError);
    }
  });

  it('claims consecutive blocks, never the same one twice, even when claims race', async () => {
    const connectString = zkChroot('producer-id-block');
    const [a, b, c] = [await open(connectString), await open(connectString), await open(connectString)];
    const first = await claimProducerIdBlock(a, 1);
    expect(first).to.deep.equal({ brokerId: 1, blockStart: 0, blockEnd: 999 });
    const raced = await Promise.all([
      claimProducerIdBlock(a, 1),
      claimProducerIdBlock(b, 2),
      claimProducerIdBlock(c, 3),
      claimProducerIdBlock(b, 2),
      claimProducerIdBlock(c, 3),
    ]);
    expect(raced.map((r) => r.blockStart).sort((x, y) => x - y)).to.deep.equal([1000, 2000, 3000, 4000, 5000]);
    const { data } = await a.getData(ZkPaths.latestProducerIdBlock);
    expect(decodeProducerIdBlock(data).blockEnd).to.equal(5999);
  });

  it('hands out consecutive ids and claims the next block when one is used up', async () => {
    const connectString = zkChroot('producer-id-manager');
    const session = await open(connectString);
    await session.createRecursive(ZkPaths.latestProducerIdBlock);
    const manager = new ProducerIdManager({
      brokerId: () => 7,
      session: () => session,
      logger: silentLogger(),
      blockSize: 3,
    });
    const ids = await Promise.all(Array.from({ length: 7 }, () => manager.generateProducerId()));
    expect(ids.sort((x, y) => x - y)).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    const { data } = await session.getData(ZkPaths.latestProducerIdBlock);
    expect(decodeProducerIdBlock(data)).to.deep.equal({ brokerId: 7, blockStart: 6, blockEnd: 8 });
  });
});
