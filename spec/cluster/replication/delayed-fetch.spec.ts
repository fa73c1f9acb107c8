// Proves a long-poll fetch with fetch.min.bytes > 1 counts the bytes that arrive from log
// positions: it stays parked while fewer bytes than min_bytes are visible — also when a segment
// rolls in between — and completes with every byte once enough arrive; a consumer counts up to the
// high watermark, a follower up to the log end offset.
import { expect } from 'chai';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import type { FetchPartitionResult } from '../../../lib/cluster/replication/delayed-fetch';
import { batchOf } from '../../storage/fixtures';
import { waitUntil } from '../../helpers/wait';
import { TestCluster, TOPIC, type TestNode } from './replication-harness';

const BATCH_BYTES = batchOf(10, { valueBytes: 100 }).length;
/** Far beyond the answer wait below: an answer within it came from the append, not the timeout. */
const MAX_WAIT_MS = 15000;
const ANSWER_WITHIN_MS = 5000;

/** Lets every completion an append triggered run to its answer (promise jobs and one I/O turn). */
function settle(): Promise<void> {
  return new Promise(setImmediate);
}

describe('DelayedFetch (fetch.min.bytes counted from log positions)', function () {
  this.timeout(20000);
  let cluster: TestCluster;
  let leader: TestNode;

  beforeEach(async () => {
    cluster = new TestCluster();
    leader = await cluster.start(1);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: [1, 2] });
  });
  afterEach(async () => {
    await cluster.stopAll();
  });

  async function append(): Promise<void> {
    const [result] = await leader.replicaManager.appendRecords(
      [{ topic: TOPIC, partition: 0, records: batchOf(10, { valueBytes: 100 }) }],
      1,
      10000,
    );
    expect(result.errorCode).to.equal(ErrorCode.NONE);
  }

  function longPoll(replicaId: number, minBytes: number) {
    let answer: FetchPartitionResult[] | null = null;
    const done = leader.replicaManager
      .fetchMessages({
        replicaId,
        maxWaitMs: MAX_WAIT_MS,
        minBytes,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        partitions: [
          { topic: TOPIC, partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 },
        ],
      })
      .then((results) => (answer = results));
    return { done, answered: () => answer !== null };
  }

  it('keeps a consumer waiting until min_bytes are below the high watermark, across a segment roll', async () => {
    const poll = longPoll(-1, 3 * BATCH_BYTES);
    await append();
    await settle();
    expect(poll.answered(), 'one batch is not enough').to.equal(false);
    leader.partition().log.roll();
    await append();
    await settle();
    expect(poll.answered(), 'two batches in two segments are not enough').to.equal(false);
    expect(leader.partition().log.numberOfSegments).to.equal(2);
    await append();
    await waitUntil(poll.answered, { timeoutMs: ANSWER_WITHIN_MS, message: 'the fetch answered by the append' });
    const [result] = await poll.done;
    expect(result.errorCode).to.equal(ErrorCode.NONE);
    // The answer reads the first segment only (a fetch never spans segments), whole.
    expect(result.records?.length).to.equal(BATCH_BYTES);
    expect(result.highWatermark).to.equal(30);
  });

  it('counts a follower fetch up to the log end offset, not the high watermark', async () => {
    await leader.become({ leader: 1, leaderEpoch: 1, isr: [1, 2], replicas: [1, 2] });
    const poll = longPoll(2, 2 * BATCH_BYTES);
    await append();
    await settle();
    expect(poll.answered()).to.equal(false);
    expect(leader.partition().highWatermark, 'the follower has not fetched past 0').to.equal(0);
    await append();
    await waitUntil(poll.answered, { timeoutMs: ANSWER_WITHIN_MS, message: 'the fetch answered by the append' });
    const [result] = await poll.done;
    expect(result.records?.length).to.equal(2 * BATCH_BYTES);
  });
});
