// Proves the idempotent-producer rules of a partition log as Kafka 2.8 applies them: in-order
// sequences append, a retried batch (one of the last five) is recognised with its original
// offsets and appends nothing, gaps and a new epoch not starting at 0 are OUT_OF_ORDER, an old
// epoch is INVALID_PRODUCER_EPOCH, an unknown producer not at 0 is UNKNOWN_PRODUCER_ID,
// sequences wrap at 2^31-1, a batch set is checked whole, and the state is rebuilt from batch
// headers when the log is reopened and after truncation.
import { expect } from 'chai';
import path from 'path';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { scanBatchSet } from '../../lib/protocol/batch-set';
import { encodeRecordBatch } from '../../lib/protocol/record-codec';
import { PartitionLog } from '../../lib/storage/partition-log';
import { lastSequenceOf, ProducerStateManager } from '../../lib/storage/producer-state';
import { makeTempDir, removeTempDir, specLogConfig } from './fixtures';
import { kafkaErrorCodeOf } from '../helpers/kafka-error';

function batch(
  producerId: number,
  producerEpoch: number,
  baseSequence: number,
  count = 1,
  baseOffset = 0,
): Promise<Buffer> {
  const records = Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`v${baseSequence + i}`) }));
  return encodeRecordBatch({
    producerId,
    producerEpoch,
    baseSequence,
    baseOffset,
    baseTimestamp: 1_700_000_000_000,
    records,
  });
}

describe('storage/producer-state', () => {
  describe('ProducerStateManager', () => {
    it('computes last sequences with the int32 wrap', () => {
      expect(lastSequenceOf(0, 4)).to.equal(4);
      expect(lastSequenceOf(2147483646, 1)).to.equal(2147483647);
      expect(lastSequenceOf(2147483647, 1)).to.equal(0);
      expect(lastSequenceOf(2147483645, 4)).to.equal(1);
    });

    it('accepts a new producer at sequence 0 and refuses it elsewhere with UNKNOWN_PRODUCER_ID', async () => {
      const state = new ProducerStateManager();
      expect(state.checkLeaderAppend(scanBatchSet(await batch(7, 0, 0, 3)))).to.equal(null);
      const late = await batch(8, 0, 5);
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(late)))).to.equal(
        ErrorCode.UNKNOWN_PRODUCER_ID,
      );
    });

    it('expires producers whose newest batch is older than the expiration', async () => {
      const state = new ProducerStateManager();
      state.onAppended(scanBatchSet(await batch(1, 0, 0))); // max timestamp 1_700_000_000_000
      const recent = await encodeRecordBatch({
        producerId: 2,
        producerEpoch: 0,
        baseSequence: 0,
        baseOffset: 1,
        baseTimestamp: 1_700_000_500_000,
        records: [{ key: null, value: null }],
      });
      state.onAppended(scanBatchSet(recent));
      expect(state.removeExpired(1_700_000_600_000, 300_000)).to.equal(1);
      expect(state.entry(1)).to.equal(undefined);
      expect(state.entry(2)?.producerEpoch).to.equal(0);
      // An expired producer is unknown again: only sequence 0 starts it anew.
      const resumed = await batch(1, 0, 1);
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(resumed)))).to.equal(
        ErrorCode.UNKNOWN_PRODUCER_ID,
      );
    });

    it('accepts the next sequence, refuses a gap, and finds retries among the last five batches', async () => {
      const state = new ProducerStateManager();
      for (let i = 0; i < 7; i++) state.onAppended(scanBatchSet(await batch(1, 0, i * 2, 2, i * 2)));
      const gap = await batch(1, 0, 15, 1);
      const old = await batch(1, 0, 2, 2);
      expect(state.checkLeaderAppend(scanBatchSet(await batch(1, 0, 14, 2)))).to.equal(null);
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(gap)))).to.equal(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
      const retry = state.checkLeaderAppend(scanBatchSet(await batch(1, 0, 8, 2)));
      expect(retry).to.include({ firstSeq: 8, lastSeq: 9, firstOffset: 8, lastOffset: 9 });
      // Batch 2-3 is older than the last five: no longer a known retry, and out of order.
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(old)))).to.equal(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
      expect(state.entry(1)?.batches.map((b) => b.firstSeq)).to.deep.equal([4, 6, 8, 10, 12]);
    });

    it('fences older epochs and lets a newer epoch start only at sequence 0', async () => {
      const state = new ProducerStateManager();
      state.onAppended(scanBatchSet(await batch(3, 2, 0, 5, 0)));
      const older = await batch(3, 1, 5);
      const newerMid = await batch(3, 3, 5);
      const olderRetry = await batch(3, 1, 0, 5);
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(older)))).to.equal(
        ErrorCode.INVALID_PRODUCER_EPOCH,
      );
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(newerMid)))).to.equal(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
      expect(state.checkLeaderAppend(scanBatchSet(await batch(3, 3, 0)))).to.equal(null);
      // A retry with another epoch is not a duplicate.
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(olderRetry)))).to.equal(
        ErrorCode.INVALID_PRODUCER_EPOCH,
      );
    });

    it('continues across the sequence wrap', async () => {
      const state = new ProducerStateManager();
      state.onAppended(scanBatchSet(await batch(4, 0, 2147483645, 3, 0)));
      expect(state.entry(4)?.batches[0].lastSeq).to.equal(2147483647);
      expect(state.checkLeaderAppend(scanBatchSet(await batch(4, 0, 0, 1)))).to.equal(null);
      const wrong = await batch(4, 0, 1, 1);
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(wrong)))).to.equal(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
    });

    it('checks a batch set as a whole: later batches follow earlier ones of the same set', async () => {
      const state = new ProducerStateManager();
      state.onAppended(scanBatchSet(await batch(5, 0, 0, 2, 0)));
      const inOrder = Buffer.concat([await batch(5, 0, 2, 2), await batch(5, 0, 4, 1), await batch(-1, -1, -1, 1)]);
      expect(state.checkLeaderAppend(scanBatchSet(inOrder))).to.equal(null);
      const broken = Buffer.concat([await batch(5, 0, 2, 2), await batch(5, 0, 5, 1)]);
      expect(kafkaErrorCodeOf(() => state.checkLeaderAppend(scanBatchSet(broken)))).to.equal(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
      expect(state.entry(5)?.batches.map((b) => b.lastSeq)).to.deep.equal([1]);
    });

    it('ignores batches without a producer id and forgets producers below the log start offset', async () => {
      const state = new ProducerStateManager();
      state.onAppended(scanBatchSet(await batch(-1, -1, -1, 3, 0)));
      state.onAppended(scanBatchSet(await batch(6, 0, 0, 2, 3)));
      state.onAppended(scanBatchSet(await batch(9, 0, 0, 2, 5)));
      expect(state.producerCount).to.equal(2);
      state.truncateHead(5);
      expect(state.entry(6)).to.equal(undefined);
      expect(state.entry(9)?.batches[0]).to.include({ firstOffset: 5, lastOffset: 6 });
    });
  });

  describe('owned by PartitionLog', () => {
    let root: string;
    let dir: string;
    const logs: PartitionLog[] = [];
    beforeEach(() => {
      root = makeTempDir();
      dir = path.join(root, 'orders-0');
    });
    afterEach(() => {
      for (const log of logs.splice(0)) log.close();
      removeTempDir(root);
    });
    const open = (options: { hadCleanShutdown?: boolean } = {}): PartitionLog => {
      const log = PartitionLog.open({ dir, config: specLogConfig({ segmentBytes: 400 }), ...options });
      logs.push(log);
      return log;
    };

    it('answers a retried batch with its original offsets and appends nothing', async () => {
      const log = open();
      log.appendAsLeader(await batch(-1, -1, -1, 2), 0);
      expect(log.appendAsLeader(await batch(11, 0, 0, 3), 0)).to.include({ firstOffset: 2, lastOffset: 4 });
      expect(log.appendAsLeader(await batch(11, 0, 0, 3), 0)).to.include({
        firstOffset: 2,
        lastOffset: 4,
        recordCount: 0,
      });
      expect(log.logEndOffset).to.equal(5);
      const gap = await batch(11, 0, 9, 1);
      expect(kafkaErrorCodeOf(() => log.appendAsLeader(gap, 0))).to.equal(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      expect(log.logEndOffset).to.equal(5);
    });

    it('rebuilds from the newest two segments only, so start-up does not read the whole log', async () => {
      let log = open();
      log.appendAsLeader(await batch(20, 0, 0, 2), 0);
      for (let seq = 0; seq < 40; seq += 2) log.appendAsLeader(await batch(21, 0, seq, 2), 0);
      expect(log.numberOfSegments).to.be.greaterThan(3);
      expect(log.producerStateOf(20)?.producerEpoch).to.equal(0);
      log.close();
      log = open();
      expect(log.producerStateOf(20)).to.equal(undefined);
      expect(log.producerStateOf(21)?.batches.map((b) => b.firstSeq)).to.deep.equal([30, 32, 34, 36, 38]);
    });

    it('rebuilds the state from batch headers when reopened, across segments, clean or not', async () => {
      let log = open();
      for (let seq = 0; seq < 12; seq += 2) log.appendAsLeader(await batch(12, 0, seq, 2), 0);
      expect(log.numberOfSegments).to.be.greaterThan(1);
      log.close();
      for (const hadCleanShutdown of [true, false]) {
        log = open({ hadCleanShutdown });
        expect(log.producerStateOf(12)?.batches.map((b) => b.firstSeq)).to.deep.equal([2, 4, 6, 8, 10]);
        expect(log.appendAsLeader(await batch(12, 0, 10, 2), 0)).to.include({ firstOffset: 10, lastOffset: 11 });
        log.close();
      }
    });

    it('learns from follower appends and forgets truncated batches', async () => {
      const log = open();
      log.appendAsFollower(await batch(13, 0, 0, 2, 0));
      log.appendAsFollower(await batch(13, 0, 2, 2, 2));
      log.appendAsFollower(await batch(13, 1, 0, 1, 4));
      expect(log.producerStateOf(13)).to.deep.include({ producerEpoch: 1 });
      log.truncateTo(4);
      expect(log.producerStateOf(13)?.producerEpoch).to.equal(0);
      expect(log.producerStateOf(13)?.batches.map((b) => b.lastSeq)).to.deep.equal([1, 3]);
      expect(log.appendAsLeader(await batch(13, 0, 4, 1), 0)).to.include({ firstOffset: 4 });
      log.truncateFullyAndStartAt(10);
      expect(log.producerStateOf(13)).to.equal(undefined);
    });
  });
});
