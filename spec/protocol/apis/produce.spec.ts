// Proves the Produce codec round-trips every version and that decoding a request hands back
// the record set as a slice of the request frame (no copy), as the broker's hot path needs.
import { expect } from 'chai';
import { produceApi, ProduceRequest, ProduceResponse } from '../../../lib/protocol/apis/produce';
import { encodeRecordBatch } from '../../../lib/protocol/records';
import { checkAllVersions, checkRoundTrip } from './round-trip';

describe('Produce codec', () => {
  let batch: Buffer;
  let secondBatch: Buffer;

  before(async () => {
    batch = await encodeRecordBatch({
      records: [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 1700000000000 }],
    });
    secondBatch = await encodeRecordBatch({
      records: [{ key: null, value: Buffer.alloc(2000, 1), timestamp: 1700000000001 }],
    });
  });

  function request(version: number): ProduceRequest {
    return {
      transactionalId: version >= 3 ? 'tx-1' : null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [
        {
          name: 'orders',
          partitionData: [
            { index: 0, records: batch },
            { index: 1, records: [batch, secondBatch] },
            { index: 2, records: null },
          ],
        },
        { name: 'empty', partitionData: [] },
      ],
    };
  }

  function response(): ProduceResponse {
    return {
      responses: [
        {
          name: 'orders',
          partitionResponses: [
            {
              index: 0,
              errorCode: 0,
              baseOffset: 2 ** 40,
              logAppendTimeMs: 1700000000000,
              logStartOffset: 12,
              recordErrors: [
                { batchIndex: 0, batchIndexErrorMessage: 'bad record' },
                { batchIndex: 3, batchIndexErrorMessage: null },
              ],
              errorMessage: 'one bad record',
            },
            {
              index: 1,
              errorCode: 87,
              baseOffset: -1,
              logAppendTimeMs: -1,
              logStartOffset: -1,
              recordErrors: [],
              errorMessage: null,
            },
          ],
        },
      ],
      throttleTimeMs: 3,
    };
  }

  it('round-trips requests of every version', () => {
    checkAllVersions(produceApi, 'request', request);
    checkAllVersions(produceApi, 'request', () => ({ transactionalId: null, acks: 0, timeoutMs: 0, topicData: [] }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(produceApi, 'response', response);
  });

  it('decodes records as a slice of the request frame, without copying', () => {
    for (const version of [3, 7, 9]) {
      const frame = checkRoundTrip(produceApi, 'request', request(version), version);
      const decoded = produceApi.decodeRequest(frame, 0, frame.length, version);
      const records = decoded.topicData[0].partitionData[0].records as Buffer;
      expect(records.buffer, `v${version}`).to.equal(frame.buffer);
      expect(records.equals(batch)).to.equal(true);
      expect(frame.indexOf(batch)).to.equal(records.byteOffset - frame.byteOffset);
    }
  });

  it('serves 0-7 (PROTOCOL.md) and knows 0-9, all versions of Kafka 2.8', () => {
    expect(produceApi.servedVersions).to.deep.equal({ min: 0, max: 7 });
    expect(produceApi.validVersions).to.deep.equal({ min: 0, max: 9 });
    expect(produceApi.isFlexible(8)).to.equal(false);
    expect(produceApi.isFlexible(9)).to.equal(true);
  });
});
