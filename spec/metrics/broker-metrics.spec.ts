// Proves one broker's GET /metrics reports what happened to it, scraped over HTTP: a produce
// counts its records and batch bytes under the topic and in the all-topics series, a fetch its
// bytes out; RequestMetrics count requests per API and version, error names (NONE included) and
// time each part (a long poll's wait is remote time); connections per listener; the ZooKeeper
// session state and request latency; log size and offsets per partition; the ReplicaManager and
// KafkaController gauges; every catalogue metric but the group ones, and Node's process metrics.
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { scrape, type Scrape } from '../helpers/prometheus';
import { waitUntil } from '../helpers/wait';
import { Connection } from '../../lib/network/connection';
import { produceApi } from '../../lib/protocol/apis/produce';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { metadataApi } from '../../lib/protocol/apis/metadata';
import { encodeRecordBatch } from '../../lib/protocol/records';
import { Admin } from '../../lib/client/admin';
import { METRICS } from '../../lib/metrics/catalogue';
import { errorInfo } from '../../lib/protocol/error-codes';

const TOPIC = 'metered';

function produceBody(topic: string, records: Buffer, partition = 0) {
  return {
    transactionalId: null,
    acks: 1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  };
}

function fetchBody(topic: string, fetchOffset: number, maxWaitMs = 0, partition = 0) {
  return {
    replicaId: -1,
    maxWaitMs,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        partitions: [
          {
            partition,
            currentLeaderEpoch: -1,
            fetchOffset,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: 1 << 20,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  } as never;
}

function metadataBody(topic: string) {
  return {
    topics: [{ name: topic, topicId: '' }],
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  } as never;
}

function batchOf(count: number): Promise<Buffer> {
  const now = Date.now();
  return encodeRecordBatch({
    compression: 'none',
    baseTimestamp: now,
    records: Array.from({ length: count }, (_, i) => ({
      key: Buffer.from(`k${i}`),
      value: Buffer.from(`value ${i}`),
      timestamp: now,
    })),
  });
}

const R = 'kafka_network_requestmetrics_';

describe('a broker’s /metrics', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let url: string;
  let conn: Connection;

  before(async () => {
    broker = await startBroker({ label: 'broker-metrics', props: { 'samsa.http.listener': 'http://127.0.0.1:0' } });
    url = (broker.http as NonNullable<TestBroker['http']>).url;
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }]);
    } finally {
      await admin.close();
    }
    conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'metrics-spec' });
    await waitUntil(async () => (await conn.send(metadataApi, 9, metadataBody(TOPIC))).topics[0].errorCode === 0, {
      message: 'the topic to have leaders',
    });
  });

  after(async () => {
    conn?.close();
    await stopAllBrokers();
  });

  it('counts produced records and batch bytes per topic and in total, and the log grows by those bytes', async () => {
    const before = await scrape(url);
    const batch = await batchOf(7);
    const r = await conn.send(produceApi, 7, produceBody(TOPIC, batch));
    expect(r.responses[0].partitionResponses[0].errorCode).to.equal(0);
    const after = await scrape(url);
    const grew = (name: string, labels: Record<string, string> = {}): number =>
      after.value(name, labels) - (before.find(name, labels) ?? 0);
    expect(grew('kafka_server_brokertopicmetrics_messagesin_total', { topic: TOPIC })).to.equal(7);
    expect(grew('kafka_server_brokertopicmetrics_messagesin_total')).to.equal(7);
    expect(grew('kafka_server_brokertopicmetrics_bytesin_total', { topic: TOPIC })).to.equal(batch.length);
    expect(grew('kafka_server_brokertopicmetrics_bytesin_total')).to.equal(batch.length);
    expect(grew('kafka_server_brokertopicmetrics_totalproducerequests_total', { topic: TOPIC })).to.equal(1);
    expect(grew('kafka_log_log_size', { topic: TOPIC, partition: '0' })).to.equal(batch.length);
    expect(after.value('kafka_log_log_logendoffset', { topic: TOPIC, partition: '0' })).to.be.at.least(7);
    expect(after.value('kafka_log_log_numlogsegments', { topic: TOPIC, partition: '0' })).to.equal(1);
    expect(after.value('kafka_log_log_logstartoffset', { topic: TOPIC, partition: '0' })).to.equal(0);
    expect(after.value('kafka_log_log_logendoffset', { topic: TOPIC, partition: '1' })).to.equal(0);
  });

  it('counts a refused produce as failed with its bytes rejected', async () => {
    const before = await scrape(url);
    const bad = Buffer.from(await batchOf(2));
    bad[bad.length - 1] ^= 0xff;
    const r = await conn.send(produceApi, 7, produceBody(TOPIC, bad));
    expect(r.responses[0].partitionResponses[0].errorCode).to.equal(2);
    const after = await scrape(url);
    const grew = (name: string, labels: Record<string, string> = {}): number =>
      after.value(name, labels) - (before.find(name, labels) ?? 0);
    expect(grew('kafka_server_brokertopicmetrics_failedproducerequests_total', { topic: TOPIC })).to.equal(1);
    expect(grew('kafka_server_brokertopicmetrics_bytesrejected_total')).to.equal(bad.length);
    expect(grew('kafka_server_brokertopicmetrics_messagesin_total')).to.equal(0);
    expect(grew(`${R}errors_total`, { request: 'Produce', error: 'CORRUPT_MESSAGE' })).to.equal(1);
  });

  it('counts fetched bytes as BytesOut under FetchConsumer, and a fetch error by name', async () => {
    const before = await scrape(url);
    const fetched = (await conn.send(fetchApi, 11, fetchBody(TOPIC, 0))) as any;
    const bytes = (fetched.responses[0].partitionResponses[0].recordSet as Buffer).length;
    expect(bytes).to.be.greaterThan(0);
    const missing = (await conn.send(fetchApi, 11, fetchBody(TOPIC, 0, 0, 9))) as any;
    const missingError = missing.responses[0].partitionResponses[0].errorCode as number;
    expect(missingError).to.not.equal(0);
    const after = await scrape(url);
    const grew = (name: string, labels: Record<string, string> = {}): number =>
      after.value(name, labels) - (before.find(name, labels) ?? 0);
    expect(grew('kafka_server_brokertopicmetrics_bytesout_total', { topic: TOPIC })).to.equal(bytes);
    expect(grew('kafka_server_brokertopicmetrics_bytesout_total')).to.equal(bytes);
    expect(grew('kafka_server_brokertopicmetrics_totalfetchrequests_total', { topic: TOPIC })).to.equal(2);
    expect(grew('kafka_server_brokertopicmetrics_failedfetchrequests_total', { topic: TOPIC })).to.equal(1);
    expect(grew('kafka_server_brokertopicmetrics_replicationbytesout_total')).to.equal(0);
    expect(grew(`${R}requests_total`, { request: 'FetchConsumer', version: '11' })).to.equal(2);
    expect(grew(`${R}errors_total`, { request: 'FetchConsumer', error: errorInfo(missingError).name })).to.equal(1);
    expect(after.find(`${R}requests_total`, { request: 'Fetch', version: '11' })).to.equal(undefined);
  });

  it('counts a Metadata request under its API and version, its error names, and times it', async () => {
    // Versions no Samsa client sends (they take the newest, 9): the console's own Metadata requests
    // (the operator port asks the cluster through the client) cannot blur the counts.
    const before = await scrape(url);
    await conn.send(metadataApi, 1, metadataBody(TOPIC));
    await conn.send(metadataApi, 4, metadataBody('no-such-topic'));
    const after = await waitUntil(
      async () => {
        // The send time is recorded once the socket write completes, just after the client has the answer.
        const s = await scrape(url);
        const count = s.value(`${R}totaltimems_count`, { request: 'Metadata' });
        return count - (before.find(`${R}totaltimems_count`, { request: 'Metadata' }) ?? 0) >= 2 ? s : null;
      },
      { message: 'two more Metadata requests timed' },
    );
    const grew = (name: string, labels: Record<string, string> = {}): number =>
      after.value(name, labels) - (before.find(name, labels) ?? 0);
    expect(grew(`${R}requests_total`, { request: 'Metadata', version: '1' })).to.equal(1);
    expect(grew(`${R}requests_total`, { request: 'Metadata', version: '4' })).to.equal(1);
    expect(grew(`${R}errors_total`, { request: 'Metadata', error: 'UNKNOWN_TOPIC_OR_PARTITION' })).to.equal(1);
    expect(grew(`${R}errors_total`, { request: 'Metadata', error: 'NONE' })).to.be.at.least(1);
    const timed = grew(`${R}totaltimems_count`, { request: 'Metadata' });
    expect(timed).to.be.at.least(2);
    for (const part of ['requestqueuetimems', 'localtimems', 'remotetimems', 'responsesendtimems']) {
      expect(grew(`${R}${part}_count`, { request: 'Metadata' }), `${part}: every part of every request`).to.equal(
        timed,
      );
    }
  });

  it('counts a long poll’s wait as remote time, not local time', async () => {
    const before = await scrape(url);
    const end = (await conn.send(fetchApi, 11, fetchBody(TOPIC, 0, 0, 1))) as any;
    expect(end.responses[0].partitionResponses[0].highWatermark).to.equal(0);
    await conn.send(fetchApi, 11, fetchBody(TOPIC, 0, 400, 1));
    const after = await waitUntil(
      async () => {
        const s = await scrape(url);
        const count = s.value(`${R}remotetimems_count`, { request: 'FetchConsumer' });
        return count - (before.find(`${R}remotetimems_count`, { request: 'FetchConsumer' }) ?? 0) >= 2 ? s : null;
      },
      { message: 'the two fetches timed' },
    );
    const grew = (name: string): number =>
      after.value(name, { request: 'FetchConsumer' }) - (before.find(name, { request: 'FetchConsumer' }) ?? 0);
    expect(grew(`${R}remotetimems_sum`)).to.be.at.least(350);
    expect(grew(`${R}localtimems_sum`)).to.be.below(200);
    expect(grew(`${R}totaltimems_sum`)).to.be.at.least(350);
  });

  it('reports open connections per listener and counts accepted ones', async () => {
    const before = await scrape(url);
    const listener = { listener: 'PLAINTEXT' };
    const open = before.value('kafka_server_socket_server_metrics_connection_count', listener);
    expect(open).to.be.at.least(1);
    const extra = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'extra' });
    try {
      const during = await scrape(url);
      expect(during.value('kafka_server_socket_server_metrics_connection_count', listener)).to.equal(open + 1);
      expect(
        during.value('kafka_server_socket_server_metrics_connection_creation_total', listener) -
          before.value('kafka_server_socket_server_metrics_connection_creation_total', listener),
      ).to.equal(1);
    } finally {
      extra.close();
    }
    await waitUntil(
      async () => (await scrape(url)).value('kafka_server_socket_server_metrics_connection_count', listener) === open,
      { message: 'the closed connection to leave the count' },
    );
  });

  it('reports the ZooKeeper session as CONNECTED and times ZooKeeper requests', async () => {
    const s = await scrape(url);
    const state = (name: string): number => s.value('kafka_server_sessionexpirelistener_sessionstate', { state: name });
    expect(state('CONNECTED')).to.equal(1);
    expect(state('DISCONNECTED') + state('EXPIRED') + state('CLOSED') + state('CONNECTING')).to.equal(0);
    expect(s.value('kafka_server_zookeeperclientmetrics_zookeeperrequestlatencyms_count')).to.be.greaterThan(0);
    expect(s.value('kafka_server_sessionexpirelistener_zookeeperexpires_total')).to.equal(0);
  });

  it('reports the ReplicaManager and KafkaController gauges of a one-broker cluster', async () => {
    const s = await scrape(url);
    expect(s.value('kafka_server_replicamanager_partitioncount')).to.equal(2);
    expect(s.value('kafka_server_replicamanager_leadercount')).to.equal(2);
    expect(s.value('kafka_server_replicamanager_underreplicatedpartitions')).to.equal(0);
    expect(s.value('kafka_server_replicamanager_underminisrpartitioncount')).to.equal(0);
    expect(s.value('kafka_server_replicamanager_atminisrpartitioncount')).to.equal(2);
    expect(s.value('kafka_controller_kafkacontroller_activecontrollercount')).to.equal(1);
    expect(s.value('kafka_controller_kafkacontroller_globaltopiccount')).to.equal(1);
    expect(s.value('kafka_controller_kafkacontroller_globalpartitioncount')).to.equal(2);
    expect(s.value('kafka_controller_kafkacontroller_offlinepartitionscount')).to.equal(0);
    expect(s.value('kafka_controller_kafkacontroller_preferredreplicaimbalancecount')).to.equal(0);
  });

  it('exposes every catalogue metric except the consumer-group ones, and Node’s process metrics', async () => {
    const families = (await scrape(url)).families();
    const expected = Object.values(METRICS)
      .map((m) => m.name)
      .filter((name) => !name.startsWith('kafka_consumergroup_'));
    expect(expected.filter((name) => !families.has(name))).to.deep.equal([]);
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_gc_duration_seconds',
    ]) {
      expect(families.has(name), name).to.equal(true);
    }
  });

  it('drops a deleted topic’s per-topic and per-log series, keeping the all-topics totals', async () => {
    const doomed = 'doomed';
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([{ topic: doomed, numPartitions: 1, replicationFactor: 1 }]);
      await waitUntil(async () => (await conn.send(metadataApi, 9, metadataBody(doomed))).topics[0].errorCode === 0, {
        message: 'the new topic to have a leader',
      });
      const r = await conn.send(produceApi, 7, produceBody(doomed, await batchOf(3)));
      expect(r.responses[0].partitionResponses[0].errorCode).to.equal(0);
      const before = await scrape(url);
      expect(before.value('kafka_server_brokertopicmetrics_messagesin_total', { topic: doomed })).to.equal(3);
      expect(before.value('kafka_log_log_logendoffset', { topic: doomed, partition: '0' })).to.equal(3);
      await admin.deleteTopics([doomed]);
    } finally {
      await admin.close();
    }
    const after = await waitUntil(
      async () => {
        const s = await scrape(url);
        return s.find('kafka_log_log_size', { topic: doomed, partition: '0' }) === undefined ? s : null;
      },
      { message: 'the deleted topic’s log to leave /metrics' },
    );
    expect(after.samples.filter((sample) => sample.labels.topic === doomed)).to.deep.equal([]);
    expect(after.value('kafka_controller_kafkacontroller_globaltopiccount')).to.equal(1);
    expect(after.value('kafka_server_brokertopicmetrics_messagesin_total')).to.be.at.least(3);
  });

  it('answers an unknown path 404 and keeps serving /metrics and Kafka clients', async () => {
    const response = await fetch(`${url}/no/such/page`);
    expect(response.status).to.equal(404);
    await response.text();
    const bad = await fetch(`${url}/metrics/../../etc/passwd`);
    expect(bad.status).to.equal(404);
    await bad.text();
    const s: Scrape = await scrape(url);
    expect(s.value('kafka_controller_kafkacontroller_activecontrollercount')).to.equal(1);
    const md = await conn.send(metadataApi, 9, metadataBody(TOPIC));
    expect(md.topics[0].errorCode).to.equal(0);
  });
});
