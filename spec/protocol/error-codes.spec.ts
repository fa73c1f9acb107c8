// Proves the error table carries Kafka's codes, names and retriable flags, and that KafkaError
// takes its name, message and retriability from it.
import { expect } from 'chai';
import { ErrorCode, errorInfo, isKnownErrorCode } from '../../lib/protocol/error-codes';
import { isKafkaError, KafkaError } from '../../lib/protocol/kafka-error';

describe('error codes', () => {
  it('has Kafka codes for the names the broker uses', () => {
    expect(ErrorCode.UNKNOWN_SERVER_ERROR).to.equal(-1);
    expect(ErrorCode.NONE).to.equal(0);
    expect(ErrorCode.OFFSET_OUT_OF_RANGE).to.equal(1);
    expect(ErrorCode.CORRUPT_MESSAGE).to.equal(2);
    expect(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).to.equal(3);
    expect(ErrorCode.NOT_LEADER_OR_FOLLOWER).to.equal(6);
    expect(ErrorCode.MESSAGE_TOO_LARGE).to.equal(10);
    expect(ErrorCode.UNSUPPORTED_VERSION).to.equal(35);
    expect(ErrorCode.TOPIC_ALREADY_EXISTS).to.equal(36);
    expect(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE).to.equal(76);
    expect(ErrorCode.INVALID_RECORD).to.equal(87);
    expect(ErrorCode.UNKNOWN_TOPIC_ID).to.equal(100);
    expect(ErrorCode.INCONSISTENT_CLUSTER_ID).to.equal(104);
  });

  it('has every code from -1 to 104 exactly once', () => {
    const codes = Object.values(ErrorCode).sort((a, b) => a - b);
    expect(codes).to.deep.equal(Array.from({ length: 106 }, (_, i) => i - 1));
  });

  it('marks retriable errors as Kafka does', () => {
    expect(errorInfo(ErrorCode.NOT_LEADER_OR_FOLLOWER).retriable).to.equal(true);
    expect(errorInfo(ErrorCode.LEADER_NOT_AVAILABLE).retriable).to.equal(true);
    expect(errorInfo(ErrorCode.NOT_ENOUGH_REPLICAS).retriable).to.equal(true);
    expect(errorInfo(ErrorCode.CORRUPT_MESSAGE).retriable).to.equal(true);
    expect(errorInfo(ErrorCode.MESSAGE_TOO_LARGE).retriable).to.equal(false);
    expect(errorInfo(ErrorCode.TOPIC_ALREADY_EXISTS).retriable).to.equal(false);
    expect(errorInfo(ErrorCode.REBALANCE_IN_PROGRESS).retriable).to.equal(false);
  });

  it('describes unknown codes instead of failing', () => {
    expect(isKnownErrorCode(999)).to.equal(false);
    expect(errorInfo(999)).to.include({ code: 999, retriable: false });
  });

  it('builds KafkaError from the table', () => {
    const error = new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(error).to.be.instanceOf(Error);
    expect(isKafkaError(error)).to.equal(true);
    expect(error.code).to.equal(6);
    expect(error.retriable).to.equal(true);
    expect(error.errorName).to.equal('NOT_LEADER_OR_FOLLOWER');
    expect(error.message).to.match(/not the current leader/);
    expect(new KafkaError(ErrorCode.INVALID_RECORD, 'bad batch').message).to.equal('bad batch');
  });
});
