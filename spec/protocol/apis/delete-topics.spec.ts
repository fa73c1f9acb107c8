// Proves the DeleteTopics codec round-trips every version: names in topicNames up to v5, the
// v6 topics array (name or topic id, nullable names), error messages from v5.
import { deleteTopicsApi } from '../../../lib/protocol/apis/delete-topics';
import { checkAllVersions } from './round-trip';

describe('DeleteTopics codec', () => {
  it('round-trips requests of every version', () => {
    checkAllVersions(deleteTopicsApi, 'request', () => ({
      topics: [
        { name: 'orders', topicId: '0'.repeat(32) },
        { name: null, topicId: 'abcdefabcdefabcdefabcdefabcdef12' },
      ],
      topicNames: ['orders', 'payments'],
      timeoutMs: 15000,
    }));
    checkAllVersions(deleteTopicsApi, 'request', () => ({ topics: [], topicNames: [], timeoutMs: 0 }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(deleteTopicsApi, 'response', (v) => ({
      throttleTimeMs: 2,
      responses: [
        { name: 'orders', topicId: '0'.repeat(32), errorCode: 0, errorMessage: null },
        {
          name: v >= 6 ? null : 'ghost',
          topicId: 'abcdefabcdefabcdefabcdefabcdef12',
          errorCode: 100,
          errorMessage: 'unknown id',
        },
      ],
    }));
  });
});
