// Proves how the consumer reads a partition's fetched bytes: scanFetch finds where the next fetch
// starts from batch headers alone (and tells a cut-short response from a corrupt one), and
// decodeFetch hands back the messages at or past the fetch offset without control records,
// synchronously for uncompressed batches, with CRC failures as ClientError CORRUPT_MESSAGE
// unless CRC checks are off; chunkEnd cuts a response into chunks of whole batches and
// decodeFetch decodes one chunk alone, checking the CRC of that chunk's batches only.
import { expect } from 'chai';
import { ClientError } from '../../lib/client/errors';
import { chunkEnd, decodeFetch, PartitionFetch, scanFetch } from '../../lib/client/fetcher';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { encodeRecordBatch } from '../../lib/protocol/record-codec';

const value = (i: number) => Buffer.from(`value-${i}`);

async function batch(
  baseOffset: number,
  count: number,
  extra: { compression?: 'gzip'; isControl?: boolean } = {},
): Promise<Buffer> {
  return encodeRecordBatch({
    baseOffset,
    ...extra,
    records: Array.from({ length: count }, (_, i) => ({ key: null, value: value(baseOffset + i) })),
  });
}

function fetchOf(records: Buffer | null, fetchOffset: number, errorCode: number = ErrorCode.NONE): PartitionFetch {
  return { topic: 't', partition: 0, fetchOffset, errorCode, highWatermark: 100, logStartOffset: 0, records };
}

describe('consumer fetch decoding', () => {
  it('scans where the next fetch starts and whether the response was cut short or corrupt', async () => {
    const a = await batch(10, 5);
    const b = await batch(15, 5);
    expect(scanFetch(fetchOf(Buffer.concat([a, b, a.subarray(0, 20)]), 12))).to.deep.equal({
      nextFetchOffset: 20,
      wholeBatches: 2,
      truncated: false,
      corrupt: false,
    });
    expect(scanFetch(fetchOf(b.subarray(0, b.length - 1), 15))).to.deep.equal({
      nextFetchOffset: 15,
      wholeBatches: 0,
      truncated: true,
      corrupt: false,
    });
    const badMagic = Buffer.from(b);
    badMagic[16] = 7;
    expect(scanFetch(fetchOf(Buffer.concat([a, badMagic]), 10))).to.deep.equal({
      nextFetchOffset: 15,
      wholeBatches: 1,
      truncated: false,
      corrupt: true,
    });
    expect(scanFetch(fetchOf(a, 10, ErrorCode.NOT_LEADER_OR_FOLLOWER)).wholeBatches).to.equal(0);
    expect(scanFetch(fetchOf(null, 10)).nextFetchOffset).to.equal(10);
  });

  it('decodes synchronously the messages at or past the fetch offset, leaving out control batches', async () => {
    const records = Buffer.concat([await batch(10, 5), await batch(15, 1, { isControl: true }), await batch(16, 2)]);
    const messages = decodeFetch(fetchOf(records, 12));
    expect(messages).to.be.an('array');
    expect(
      (messages as Array<{ offset: number; value: Buffer }>).map((m) => [m.offset, String(m.value)]),
    ).to.deep.equal([12, 13, 14, 16, 17].map((o) => [o, `value-${o}`]));
    expect(decodeFetch(fetchOf(records, 12, ErrorCode.OFFSET_OUT_OF_RANGE))).to.deep.equal([]);
  });

  it('awaits only compressed batches', async () => {
    const messages = decodeFetch(
      fetchOf(Buffer.concat([await batch(0, 2), await batch(2, 3, { compression: 'gzip' })]), 1),
    );
    expect(messages).to.be.instanceOf(Promise);
    expect((await messages).map((m) => m.offset)).to.deep.equal([1, 2, 3, 4]);
  });

  it('reports a bad CRC as CORRUPT_MESSAGE, or decodes it with CRC checks off', async () => {
    const damaged = Buffer.from(await batch(0, 3));
    damaged[damaged.length - 3] ^= 0x20;
    expect(() => decodeFetch(fetchOf(damaged, 0)))
      .to.throw(ClientError)
      .with.property('code', 'CORRUPT_MESSAGE');
    expect(decodeFetch(fetchOf(damaged, 0), false)).to.have.length(3);
    const packed = Buffer.from(await batch(0, 3, { compression: 'gzip' }));
    packed[packed.length - 3] ^= 0x20;
    const error = await (decodeFetch(fetchOf(packed, 0), false) as Promise<unknown>).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ClientError).with.property('code', 'CORRUPT_MESSAGE');
  });

  it('cuts a response into chunks of whole batches and decodes and CRC-checks one chunk alone', async () => {
    const a = await batch(10, 5);
    const b = await batch(15, 5);
    const c = Buffer.from(await batch(20, 5));
    c[c.length - 3] ^= 0x20; // a bad CRC in the third batch only
    const records = Buffer.concat([a, b, c, a.subarray(0, 20)]);
    expect(chunkEnd(records, 0, 1), 'one batch holds enough').to.equal(a.length);
    expect(chunkEnd(records, 0, 6), 'whole batches until the count is reached').to.equal(a.length + b.length);
    expect(chunkEnd(records, 0, 1000), 'never into the cut-short tail').to.equal(a.length + b.length + c.length);
    const tail = a.length + b.length + c.length;
    expect(chunkEnd(records, tail, 1), 'no whole batch left').to.equal(tail);
    const fetch = fetchOf(records, 12);
    const first = decodeFetch(fetch, true, 0, a.length + b.length) as Array<{ offset: number }>;
    expect(first.map((m) => m.offset)).to.deep.equal([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(() => decodeFetch(fetch, true, a.length + b.length, tail))
      .to.throw(ClientError)
      .with.property('code', 'CORRUPT_MESSAGE');
    expect(decodeFetch(fetch, true, tail, tail)).to.deep.equal([]);
  });
});
