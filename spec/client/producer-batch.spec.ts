// Proves how a producer batch settles its records' sends: a one-message send's callback is its
// record's own sink (no tracker) and gets exactly one result with the record's partition, offset
// and timestamp, or the batch's failure once; several-message sends still settle through their
// tracker in message order, also when their records share a batch with one-message sends; and a
// batch split in two (MESSAGE_TOO_LARGE) hands each record's sink to its half.
import { expect } from 'chai';
import { ClientError } from '../../lib/client/errors';
import { ProducerBatch, RecordMetadata, SendTracker } from '../../lib/client/producer-batch';

type Outcome = { error: ClientError | null; results: RecordMetadata[] | null };

function recorder(): { outcomes: Outcome[]; callback: (e: ClientError | null, r: RecordMetadata[] | null) => void } {
  const outcomes: Outcome[] = [];
  return { outcomes, callback: (error, results) => outcomes.push({ error, results }) };
}

describe('producer batch sinks', () => {
  it('settles one-message callbacks and a tracker of a batch with their offsets and timestamps', () => {
    const batch = new ProducerBatch('t', 3, 1000, 1024);
    const single = recorder();
    const multi = recorder();
    const tracker = new SendTracker('t', 2, multi.callback);
    batch.append(null, 'a', null, 1700000000001, single.callback, 0);
    batch.append(null, 'b', null, 1700000000002, tracker, 0);
    batch.append(null, 'c', null, 1700000000003, single.callback, 0);
    batch.append(null, 'd', null, 1700000000004, tracker, 1);
    batch.complete(40, -1);
    expect(single.outcomes).to.deep.equal([
      { error: null, results: [{ topic: 't', partition: 3, offset: 40, timestamp: 1700000000001 }] },
      { error: null, results: [{ topic: 't', partition: 3, offset: 42, timestamp: 1700000000003 }] },
    ]);
    expect(multi.outcomes).to.deep.equal([
      {
        error: null,
        results: [
          { topic: 't', partition: 3, offset: 41, timestamp: 1700000000002 },
          { topic: 't', partition: 3, offset: 43, timestamp: 1700000000004 },
        ],
      },
    ]);
    expect(batch.isDone).to.equal(true);
  });

  it("reports LogAppendTime and acks=0's offset -1 to one-message callbacks", () => {
    const appended = new ProducerBatch('t', 0, 1000, 1024);
    const unacked = new ProducerBatch('t', 0, 1000, 1024);
    const a = recorder();
    const b = recorder();
    appended.append(null, 'x', null, 5, a.callback, 0);
    unacked.append(null, 'y', null, 6, b.callback, 0);
    appended.complete(7, 1700000009999);
    unacked.complete(-1, -1);
    expect(a.outcomes[0].results).to.deep.equal([{ topic: 't', partition: 0, offset: 7, timestamp: 1700000009999 }]);
    expect(b.outcomes[0].results).to.deep.equal([{ topic: 't', partition: 0, offset: -1, timestamp: 6 }]);
  });

  it('fails each one-message callback once and a tracker once', () => {
    const batch = new ProducerBatch('t', 0, 1000, 1024);
    const single = recorder();
    const multi = recorder();
    const tracker = new SendTracker('t', 2, multi.callback);
    batch.append(null, 'a', null, 1, single.callback, 0);
    batch.append(null, 'b', null, 1, tracker, 0);
    batch.append(null, 'c', null, 1, tracker, 1);
    const error = new ClientError('NOT_ENOUGH_REPLICAS', 'too few in sync', { retriable: true });
    batch.fail(error);
    expect(single.outcomes).to.deep.equal([{ error, results: null }]);
    expect(multi.outcomes).to.deep.equal([{ error, results: null }]);
  });

  it('hands every sink to its half when a batch is split, in record order', async () => {
    const batch = new ProducerBatch('t', 1, 1000, 1024);
    const single = recorder();
    const multi = recorder();
    const tracker = new SendTracker('t', 2, multi.callback);
    batch.append(null, 'a', null, 10, single.callback, 0);
    batch.append(null, 'b', null, 11, tracker, 0);
    batch.append(null, 'c', null, 12, tracker, 1);
    batch.append(null, 'd', null, 13, single.callback, 0);
    await batch.encode('none');
    const [first, second] = await batch.split();
    expect([first.recordCount, second.recordCount]).to.deep.equal([2, 2]);
    first.complete(100, -1);
    second.complete(200, -1);
    expect(single.outcomes.map((o) => o.results![0].offset)).to.deep.equal([100, 201]);
    expect(multi.outcomes[0].results!.map((r) => r.offset)).to.deep.equal([101, 200]);
    await batch.whenDone();
    expect(batch.isDone).to.equal(true);
  });
});
