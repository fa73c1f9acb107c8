// Proves the client's view of the cluster: it bootstraps from a broker list or from the
// registrations under /brokers/ids in ZooKeeper, negotiates versions, learns leaders, finds a
// group coordinator, reopens a broken connection, and reports failures as typed ClientErrors.
import { expect } from 'chai';
import { Cluster, parseAddress } from '../../lib/client/cluster';
import { ClientError } from '../../lib/client/errors';
import { metadataApi } from '../../lib/protocol/apis/metadata';
import { produceApi } from '../../lib/protocol/apis/produce';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { zkChroot } from '../helpers/zookeeper';

describe('client Cluster', () => {
  let broker: TestBroker;
  const clusters: Cluster[] = [];
  const open = (options: ConstructorParameters<typeof Cluster>[0]): Cluster => {
    const cluster = new Cluster(options);
    clusters.push(cluster);
    return cluster;
  };

  before(async () => {
    broker = await startBroker({
      label: 'client-cluster',
      brokerId: 7,
      props: { 'num.partitions': 3, 'auto.create.topics.enable': true },
    });
  });
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.close()));
  });
  after(stopAllBrokers);

  it('bootstraps from a broker list and learns the brokers and the cluster id', async () => {
    const cluster = open({ brokers: [broker.bootstrap] });
    await cluster.connect();
    expect(cluster.knownBrokers().map((b) => [b.nodeId, b.port])).to.deep.equal([[7, broker.port]]);
    expect(cluster.clusterId).to.be.a('string').and.not.empty;
    expect(cluster.controllerId).to.equal(7);
  });

  it('bootstraps from the broker registrations in ZooKeeper', async () => {
    const cluster = open({ zookeeper: broker.connectString });
    await cluster.connect();
    expect(cluster.knownBrokers().map((b) => b.nodeId)).to.deep.equal([7]);
  });

  it('fails with NO_BROKERS when ZooKeeper lists no broker', async () => {
    const cluster = open({ zookeeper: zkChroot('client-cluster-empty') });
    const error = await cluster.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ClientError);
    expect((error as ClientError).code).to.equal('NO_BROKERS');
    expect((error as ClientError).retriable).to.equal(true);
  });

  it('learns partition leaders, creating the topic when allowed', async () => {
    const cluster = open({ brokers: [broker.bootstrap], allowAutoTopicCreation: true });
    const partitions = await cluster.partitionsFor('client-cluster-auto');
    expect(partitions.map((p) => [p.partition, p.leader])).to.deep.equal([
      [0, 7],
      [1, 7],
      [2, 7],
    ]);
    expect(cluster.leaderOf('client-cluster-auto', 2)).to.equal(7);
    const leader = await cluster.leaderConnection('client-cluster-auto', 1);
    expect(leader.nodeId).to.equal(7);
  });

  it('reports an unknown topic as UNKNOWN_TOPIC_OR_PARTITION when creation is not allowed', async () => {
    const cluster = open({ brokers: [broker.bootstrap], allowAutoTopicCreation: false });
    const error = await cluster.partitionsFor('client-cluster-missing').then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as ClientError).code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
    expect((error as ClientError).errorCode).to.equal(3);
  });

  it('negotiates each API at the highest version both sides speak', async () => {
    const cluster = open({ brokers: [broker.bootstrap] });
    await cluster.connect();
    const connection = await cluster.connectionTo(7);
    expect(connection.versionFor(metadataApi)).to.equal(metadataApi.servedVersions.max);
    expect(connection.versionFor(produceApi, { max: 5 })).to.equal(5);
    expect(connection.versionFor(produceApi, { min: 10 })).to.equal(null);
  });

  it('finds the group coordinator', async () => {
    const cluster = open({ brokers: [broker.bootstrap] });
    await cluster.connect();
    expect(await cluster.findCoordinator('client-cluster-group')).to.equal(7);
  });

  it('reopens a pooled connection after it was closed', async () => {
    const cluster = open({ brokers: [broker.bootstrap] });
    await cluster.connect();
    const first = await cluster.connectionTo(7);
    cluster.dropConnection(first);
    const second = await cluster.connectionTo(7);
    expect(second).to.not.equal(first);
    const { response } = await second.request(metadataApi, {
      topics: [],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(response.brokers).to.have.length(1);
  });

  it('refuses a bad bootstrap address and use after close with typed errors', async () => {
    expect(() => parseAddress('nohost')).to.throw(ClientError, /host:port/);
    expect(() => new Cluster({})).to.throw(ClientError, /brokers/);
    const cluster = open({ brokers: [broker.bootstrap] });
    await cluster.close();
    const error = await cluster.anyConnection().then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as ClientError).code).to.equal('CLOSED');
  });

  it('reports an unreachable bootstrap broker as a retriable NO_BROKERS error', async () => {
    const cluster = open({ brokers: ['127.0.0.1:1'], connectTimeoutMs: 2000 });
    const error = await cluster.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as ClientError).code).to.equal('NO_BROKERS');
    expect((error as ClientError).message).to.match(/127\.0\.0\.1:1/);
  });
});
