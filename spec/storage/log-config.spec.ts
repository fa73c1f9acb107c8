// Proves topic-level overrides map onto LogConfig with Kafka's key names and bounds, and that a
// bad value is refused naming its key.
import { expect } from 'chai';
import {
  DEFAULT_LOG_CONFIG,
  hasDeletePolicy,
  logConfigFromTopicConfig,
  LogConfigError,
} from '../../lib/storage/log-config';

describe('storage/log-config', () => {
  it("has Kafka's defaults", () => {
    expect(DEFAULT_LOG_CONFIG).to.include({
      segmentBytes: 1073741824,
      segmentMs: 604800000,
      indexIntervalBytes: 4096,
      segmentIndexBytes: 10485760,
      retentionMs: 604800000,
      retentionBytes: -1,
      fileDeleteDelayMs: 60000,
      maxMessageBytes: 1048588,
      messageTimestampType: 'CreateTime',
      cleanupPolicy: 'delete',
    });
  });

  it('maps every topic-level key', () => {
    const config = logConfigFromTopicConfig(DEFAULT_LOG_CONFIG, {
      'segment.bytes': '1048576',
      'segment.ms': '3600000',
      'segment.jitter.ms': '10',
      'retention.ms': '-1',
      'retention.bytes': '5000000',
      'flush.messages': '100',
      'flush.ms': '1000',
      'index.interval.bytes': '512',
      'segment.index.bytes': '4096',
      'max.message.bytes': '2000000',
      'message.timestamp.type': 'LogAppendTime',
      'cleanup.policy': 'compact,delete',
      'file.delete.delay.ms': '0',
      'min.insync.replicas': '2',
    });
    expect(config).to.deep.equal({
      segmentBytes: 1048576,
      segmentMs: 3600000,
      segmentJitterMs: 10,
      retentionMs: -1,
      retentionBytes: 5000000,
      flushIntervalMessages: 100,
      flushIntervalMs: 1000,
      indexIntervalBytes: 512,
      segmentIndexBytes: 4096,
      maxMessageBytes: 2000000,
      messageTimestampType: 'LogAppendTime',
      cleanupPolicy: 'compact,delete',
      fileDeleteDelayMs: 0,
    });
    expect(hasDeletePolicy(config)).to.equal(true);
    expect(hasDeletePolicy({ ...config, cleanupPolicy: 'compact' })).to.equal(false);
  });

  it('accepts Long.MAX_VALUE for the "never" settings', () => {
    const config = logConfigFromTopicConfig(DEFAULT_LOG_CONFIG, { 'flush.messages': '9223372036854775807' });
    expect(config.flushIntervalMessages).to.be.greaterThan(2 ** 52);
  });

  const bad: Array<[string, string]> = [
    ['segment.bytes', '13'],
    ['segment.bytes', '3000000000'],
    ['segment.ms', '0'],
    ['retention.ms', '-2'],
    ['index.interval.bytes', 'lots'],
    ['message.timestamp.type', 'WallClock'],
    ['cleanup.policy', 'delete,shred'],
  ];
  for (const [key, value] of bad) {
    it(`refuses ${key}=${value} naming the key`, () => {
      expect(() => logConfigFromTopicConfig(DEFAULT_LOG_CONFIG, { [key]: value }))
        .to.throw(LogConfigError, key)
        .with.property('key', key);
    });
  }
});
