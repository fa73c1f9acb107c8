// Proves each API answers the authorization code Kafka 2.8's KafkaApis answers, over real TCP
// against a broker with the AclAuthorizer, for User:ANONYMOUS holding only Read and Write on
// `orders` and Read on group g1: the inter-broker APIs refuse it as a whole
// (CLUSTER_AUTHORIZATION_FAILED), InitProducerId and idempotent Produce need IdempotentWrite,
// Produce needs Write on the topic, a follower Fetch ClusterAction, OffsetForLeaderEpoch and
// Metadata Describe on the topic, DescribeGroups Describe on the group,
// DeleteTopics/CreatePartitions/DescribeConfigs/ListOffsets refuse other topics with
// TOPIC_AUTHORIZATION_FAILED, OffsetCommit and OffsetFetch check group then topic, DeleteGroups
// needs Delete on the group, the ACL APIs and DescribeLogDirs need Alter/Describe on the cluster, and a broker with
// no authorizer answers the ACL APIs SECURITY_DISABLED.
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../../helpers/broker';
import { errorCodesIn, sampleRequest } from '../../helpers/sample-request';
import { produceTo } from '../../helpers/raw-partition';
import { encodeRecordBatch } from '../../../lib/protocol/records';
import { waitUntil } from '../../helpers/wait';
import { openZkSession, zkChroot } from '../../helpers/zookeeper';
import { Admin } from '../../../lib/client/admin';
import { Connection } from '../../../lib/network/connection';
import type { ApiSpec } from '../../../lib/protocol/api-spec';
import * as apis from '../../../lib/protocol/apis';
import type { AclEntry, ResourcePattern } from '../../../lib/protocol/acl-types';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import { ConfigResourceType } from '../../../lib/protocol/config-resource';
import { ZERO_UUID } from '../../../lib/protocol/schema-types';
import { updateResourceAcls } from '../../../lib/zk/acl-znodes';
import type { ZkSession } from '../../../lib/zk/session';

const allow = (operation: AclEntry['operation']): AclEntry => ({
  principal: 'User:ANONYMOUS',
  permissionType: 'Allow',
  operation,
  host: '*',
});
const literal = (resourceType: ResourcePattern['resourceType'], name: string): ResourcePattern => ({
  resourceType,
  name,
  patternType: 'LITERAL',
});
const CLUSTER = literal('Cluster', 'kafka-cluster');
const AUTHORIZER = { 'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer' };

describe('authorization of each API (AclAuthorizer, User:ANONYMOUS)', function () {
  this.timeout(90000);
  let broker: TestBroker;
  let session: ZkSession;
  let conn: Connection;

  before(async () => {
    const connectString = zkChroot('acl-apis');
    session = await openZkSession(connectString);
    await updateResourceAcls(session, CLUSTER, () => [allow('Create')]);
    await updateResourceAcls(session, literal('Topic', 'orders'), () => [allow('Read'), allow('Write')]);
    await updateResourceAcls(session, literal('Group', 'g1'), () => [allow('Read')]);
    broker = await startBroker({ label: 'acl-apis', connectString, props: AUTHORIZER });
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([
        { topic: 'orders', numPartitions: 1, replicationFactor: 1 },
        { topic: 'other', numPartitions: 1, replicationFactor: 1 },
      ]);
    } finally {
      await admin.close();
    }
    await updateResourceAcls(session, CLUSTER, () => []);
    conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'acl-apis' });
    // The removal reaches the broker through /kafka-acl-changes.
    await waitUntil(
      async () => {
        const body = sampleRequest(apis.createTopicsApi.requestSchema, 4) as unknown as apis.CreateTopicsRequest;
        const r = await conn.send(apis.createTopicsApi, 4, { ...body, validateOnly: true });
        return r.topics.every((t) => t.errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED);
      },
      { timeoutMs: 5000, message: 'Create on the cluster to be withdrawn' },
    );
  });

  after(async () => {
    conn?.close();
    await session?.close();
    await stopAllBrokers();
  });

  /** The error codes of a sample request of `spec` at `version`, changed by `edit`. */
  async function codes<Req, Res>(spec: ApiSpec<Req, Res>, version: number, edit: Partial<Req> = {}) {
    const body = { ...(sampleRequest(spec.requestSchema, version) as Req), ...edit };
    const response = await conn.send(spec, version, body);
    return errorCodesIn(spec.responseSchema.fields, response as never, version);
  }

  it('refuses every inter-broker API as a whole without ClusterAction', async () => {
    for (const [spec, version] of [
      [apis.leaderAndIsrApi, 4],
      [apis.updateMetadataApi, 6],
      [apis.stopReplicaApi, 3],
      [apis.controlledShutdownApi, 3],
      [apis.alterIsrApi, 0],
    ] as Array<[ApiSpec<unknown, unknown>, number]>) {
      expect(await codes(spec, version), spec.name).to.include(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    }
  });

  it("asks ClusterAction of a follower's Fetch, Describe of OffsetForLeaderEpoch and Metadata", async () => {
    const fetch = (replicaId: number) => ({
      replicaId,
      maxWaitMs: 0,
      topics: [
        {
          topic: 'orders',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0,
              lastFetchedEpoch: -1,
              logStartOffset: -1,
              partitionMaxBytes: 1024,
            },
          ],
        },
      ],
    });
    expect(await codes(apis.fetchApi, 11, fetch(0))).to.include(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    expect(await codes(apis.fetchApi, 11, fetch(-1))).to.not.include(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const epochs = {
      replicaId: -1,
      topics: ['orders', 'other'].map((topic) => ({
        topic,
        partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }],
      })),
    };
    expect(await codes(apis.offsetForLeaderEpochApi, 3, epochs)).to.deep.equal([
      ErrorCode.NONE,
      ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    ]);
    const metadata = await conn.send(apis.metadataApi, 4, {
      topics: [{ name: 'other', topicId: ZERO_UUID }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(metadata.topics.map((t) => t.errorCode)).to.deep.equal([ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
  });

  it('asks IdempotentWrite on the cluster of InitProducerId', async () => {
    expect(await codes(apis.initProducerIdApi, 2, { transactionalId: null })).to.deep.equal([
      ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
    ]);
  });

  it('asks IdempotentWrite on the cluster of an idempotent Produce, and Write on each topic', async () => {
    const records = (producerId: number) =>
      encodeRecordBatch({
        producerId,
        producerEpoch: producerId < 0 ? -1 : 0,
        baseSequence: producerId < 0 ? -1 : 0,
        baseTimestamp: Date.now(),
        records: [{ key: null, value: Buffer.from('x') }],
      });
    expect((await produceTo(conn, 'orders', await records(7))).errorCode).to.equal(
      ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
    );
    expect((await produceTo(conn, 'other', await records(-1))).errorCode).to.equal(
      ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    );
    expect((await produceTo(conn, 'orders', await records(-1))).errorCode).to.equal(ErrorCode.NONE);
  });

  it('refuses topic operations on a topic without the ACL, and not on orders', async () => {
    const deleteOther = await codes(apis.deleteTopicsApi, 4, { topicNames: ['other'], timeoutMs: 1000 });
    expect(deleteOther).to.deep.equal([ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    const grow = await codes(apis.createPartitionsApi, 1, {
      topics: [{ name: 'orders', count: 2, assignments: null }],
      validateOnly: true,
    });
    expect(grow).to.deep.equal([ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    const describe = (name: string) => ({
      resources: [{ resourceType: ConfigResourceType.TOPIC, resourceName: name, configurationKeys: null }],
    });
    expect(await codes(apis.describeConfigsApi, 1, describe('orders'))).to.deep.equal([
      ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    ]);
    const broker0 = {
      resources: [{ resourceType: ConfigResourceType.BROKER, resourceName: '0', configurationKeys: null }],
    };
    expect(await codes(apis.describeConfigsApi, 1, broker0)).to.deep.equal([ErrorCode.CLUSTER_AUTHORIZATION_FAILED]);
    const offsets = (topic: string) => ({
      topics: [
        { name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] },
      ],
    });
    expect(await codes(apis.listOffsetsApi, 1, offsets('other'))).to.deep.equal([ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    expect(await codes(apis.listOffsetsApi, 1, offsets('orders'))).to.deep.equal([ErrorCode.NONE]);
  });

  it('checks the group, then each topic, for OffsetCommit and OffsetFetch; Delete for DeleteGroups', async () => {
    const commit = (groupId: string) => ({
      groupId,
      generationId: -1,
      memberId: '',
      topics: ['orders', 'other'].map((name) => ({
        name,
        partitions: [
          {
            partitionIndex: 0,
            committedOffset: 0,
            committedLeaderEpoch: -1,
            commitTimestamp: -1,
            committedMetadata: '',
          },
        ],
      })),
    });
    expect(await codes(apis.offsetCommitApi, 2, commit('g2'))).to.deep.equal([
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    ]);
    // Group g1 may be described (Read implies Describe): its coordinator comes up on this broker.
    await waitUntil(async () => (await codes(apis.findCoordinatorApi, 1, { key: 'g1', keyType: 0 }))[0] === 0, {
      timeoutMs: 30000,
      message: "g1's coordinator",
    });
    expect(await codes(apis.offsetCommitApi, 2, commit('g1'))).to.deep.equal([
      ErrorCode.NONE,
      ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    ]);
    const fetch = (groupId: string) => ({
      groupId,
      topics: ['orders', 'other'].map((name) => ({ name, partitionIndexes: [0] })),
    });
    expect(await codes(apis.offsetFetchApi, 3, fetch('g2'))).to.include(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect(await codes(apis.offsetFetchApi, 3, fetch('g1'))).to.have.members([
      ErrorCode.NONE,
      ErrorCode.NONE,
      ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    ]);
    const describe = await conn.send(apis.describeGroupsApi, 1, {
      groups: ['g1', 'g2'],
      includeAuthorizedOperations: false,
    });
    expect(describe.groups.map((g) => g.errorCode)).to.deep.equal([
      ErrorCode.NONE,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    ]);
    expect(await codes(apis.deleteGroupsApi, 1, { groupsNames: ['g1'] })).to.deep.equal([
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    ]);
  });

  it('asks Alter on the cluster to change ACLs and Describe to list them', async () => {
    expect(await codes(apis.createAclsApi, 1)).to.include(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    expect(await codes(apis.deleteAclsApi, 1)).to.include(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    expect(await codes(apis.describeAclsApi, 1)).to.deep.equal([ErrorCode.CLUSTER_AUTHORIZATION_FAILED]);
  });

  it('answers DescribeLogDirs without Describe on the cluster with no log dirs (v3+: the error at the top)', async () => {
    const v1 = await conn.send(apis.describeLogDirsApi, 1, { topics: null });
    expect(v1.results).to.deep.equal([]);
    const v3 = await conn.send(apis.describeLogDirsApi, 3, { topics: null });
    expect([v3.errorCode, v3.results]).to.deep.equal([ErrorCode.CLUSTER_AUTHORIZATION_FAILED, []]);
  });

  it('answers the ACL APIs SECURITY_DISABLED on a broker without an authorizer', async () => {
    const plain = await startBroker({ label: 'acl-apis-off' });
    const other = await Connection.connect({ host: '127.0.0.1', port: plain.port, clientId: 'acl-apis' });
    try {
      const body = sampleRequest(apis.describeAclsApi.requestSchema, 1) as never;
      const response = await other.send(apis.describeAclsApi, 1, body);
      expect(response.errorCode).to.equal(ErrorCode.SECURITY_DISABLED);
    } finally {
      other.close();
    }
  });
});
