// Proves the api-key table agrees with the codecs: each API spec's flexible versions start where
// the table says, api keys are unique, and served versions are the ones PROTOCOL.md advertises.
import { expect } from 'chai';
import { ApiKey, firstFlexibleVersion, isFlexibleVersion } from '../../lib/protocol/api-keys';
import { API_SPECS, apiSpecFor, leaderAndIsrApi, metadataApi } from '../../lib/protocol/apis';

describe('api keys and API specs', () => {
  it('agrees with every API spec about the first flexible version', () => {
    for (const spec of API_SPECS) {
      expect(firstFlexibleVersion(spec.apiKey), spec.name).to.equal(spec.flexibleVersions?.min ?? null);
      for (let v = spec.validVersions.min; v <= spec.validVersions.max; v++) {
        expect(isFlexibleVersion(spec.apiKey, v), `${spec.name} v${v}`).to.equal(spec.isFlexible(v));
      }
    }
  });

  it('knows APIs without flexible versions and rejects unknown keys', () => {
    expect(firstFlexibleVersion(ApiKey.SASL_HANDSHAKE)).to.equal(null);
    expect(firstFlexibleVersion(ApiKey.OFFSET_DELETE)).to.equal(null);
    expect(firstFlexibleVersion(65)).to.equal(undefined);
    expect(firstFlexibleVersion(-1)).to.equal(undefined);
  });

  it('finds API specs by key', () => {
    expect(apiSpecFor(3)).to.equal(metadataApi);
    expect(apiSpecFor(4)).to.equal(leaderAndIsrApi);
    expect(apiSpecFor(ApiKey.DELETE_RECORDS)).to.equal(undefined);
    expect(new Set(API_SPECS.map((s) => s.apiKey)).size).to.equal(API_SPECS.length);
  });

  it('serves the versions PROTOCOL.md advertises', () => {
    const served = Object.fromEntries(API_SPECS.map((s) => [s.name, [s.servedVersions.min, s.servedVersions.max]]));
    expect(served).to.deep.equal({
      Produce: [0, 7],
      Fetch: [0, 12],
      ListOffsets: [0, 5],
      Metadata: [0, 9],
      ApiVersions: [0, 3],
      CreateTopics: [0, 7],
      CreatePartitions: [0, 3],
      DeleteTopics: [0, 6],
      InitProducerId: [0, 4],
      DescribeAcls: [0, 2],
      CreateAcls: [0, 2],
      DeleteAcls: [0, 2],
      LeaderAndIsr: [0, 5],
      StopReplica: [0, 3],
      UpdateMetadata: [0, 7],
      ControlledShutdown: [0, 3],
      OffsetForLeaderEpoch: [0, 4],
      AlterIsr: [0, 0],
      OffsetCommit: [0, 8],
      OffsetFetch: [0, 8],
      FindCoordinator: [0, 4],
      JoinGroup: [0, 6],
      Heartbeat: [0, 4],
      LeaveGroup: [0, 4],
      SyncGroup: [0, 4],
      DescribeGroups: [0, 5],
      ListGroups: [0, 4],
      DeleteGroups: [0, 2],
      DescribeConfigs: [0, 2],
      DescribeLogDirs: [0, 3],
      SaslHandshake: [0, 1],
      SaslAuthenticate: [0, 2],
      DescribeUserScramCredentials: [0, 0],
      AlterUserScramCredentials: [0, 0],
    });
  });
});
