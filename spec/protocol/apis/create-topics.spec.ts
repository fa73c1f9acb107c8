// Proves the CreateTopics codec round-trips every version: manual assignments, configs with null
// values, the v5+ result details (nullable configs, tagged config error code), v7 topic ids.
import { createTopicsApi } from '../../../lib/protocol/apis/create-topics';
import { checkAllVersions } from './round-trip';

describe('CreateTopics codec', () => {
  it('round-trips requests of every version', () => {
    checkAllVersions(createTopicsApi, 'request', () => ({
      topics: [
        {
          name: 'orders',
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [
            { partitionIndex: 0, brokerIds: [1, 2] },
            { partitionIndex: 1, brokerIds: [2, 3] },
          ],
          configs: [
            { name: 'cleanup.policy', value: 'delete' },
            { name: 'retention.ms', value: null },
          ],
        },
        { name: 'payments', numPartitions: 3, replicationFactor: 2, assignments: [], configs: [] },
      ],
      timeoutMs: 30000,
      validateOnly: true,
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(createTopicsApi, 'response', (v) => ({
      throttleTimeMs: 0,
      topics: [
        {
          name: 'orders',
          topicId: '11112222333344445555666677778888',
          errorCode: 0,
          errorMessage: null,
          topicConfigErrorCode: 40,
          numPartitions: 2,
          replicationFactor: 2,
          configs: [
            { name: 'cleanup.policy', value: 'delete', readOnly: false, configSource: 5, isSensitive: false },
            { name: 'secret', value: null, readOnly: true, configSource: -1, isSensitive: true },
          ],
        },
        {
          name: 'taken',
          topicId: '0'.repeat(32),
          errorCode: 36,
          errorMessage: v >= 1 ? "Topic 'taken' already exists." : null,
          numPartitions: -1,
          replicationFactor: -1,
          configs: v >= 5 ? null : [],
        },
      ],
    }));
  });
});
