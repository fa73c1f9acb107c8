// `make bench`: single-broker produce and fetch throughput. The broker runs as its own process
// (bin/broker) so the load generator does not share its event loop; batches are encoded once
// up front and re-sent, so the generator costs almost nothing per record.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { startZooKeeperServer } from '../lib/cli/zookeeper-server';
import { Connection } from '../lib/network/connection';
import { produceApi } from '../lib/protocol/apis/produce';
import { fetchApi } from '../lib/protocol/apis/fetch';
import {
  batchSizeAt,
  encodeRecordBatch,
  lastOffsetAt,
  RECORD_COUNT_OFFSET,
  wholeBatchesLength,
} from '../lib/protocol/records';
import { Admin } from '../lib/client/admin';
import { securityFromProperties } from '../lib/client';
import { silentLogger } from '../lib/util/logger';

const ROOT = path.resolve(__dirname, '..', '..');
const CONNECTIONS = 4;
const IN_FLIGHT_PER_CONNECTION = 8;
const TARGET_BYTES = Number(process.env.BENCH_MB ?? 256) * 1024 * 1024;

interface Case {
  recordBytes: number;
  recordsPerBatch: number;
}
const CASES: Case[] = [
  { recordBytes: 100, recordsPerBatch: 1000 },
  { recordBytes: 1024, recordsPerBatch: 200 },
];

async function startBroker(
  connectString: string,
  logDir: string,
  brokerId = 0,
  extraProps: string[] = [],
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const file = path.join(logDir, `bench-${brokerId}.properties`);
  fs.writeFileSync(
    file,
    [
      `broker.id=${brokerId}`,
      'listeners=PLAINTEXT://127.0.0.1:0',
      `log.dirs=${logDir}/data-${brokerId}`,
      `zookeeper.connect=${connectString}`,
      'message.max.bytes=10485760',
      ...extraProps,
    ].join('\n'),
  );
  const child = spawn(path.join(ROOT, 'bin', 'broker'), [file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /listening on PLAINTEXT:\/\/[^:]+:(\d+)/.exec(out);
      if (m && /started/.test(out)) resolve({ child, port: Number(m[1]), output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`broker exited ${String(code)}: ${out}`)));
  });
}

async function produce(
  connections: Connection[],
  topic: string,
  batch: Buffer,
  batches: number,
  acks = 1,
): Promise<number> {
  let sent = 0;
  const start = process.hrtime.bigint();
  const worker = async (c: Connection) => {
    while (sent < batches) {
      sent++;
      const r = await c.send(produceApi, 7, {
        transactionalId: null,
        acks,
        timeoutMs: 30000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
      });
      const code = r.responses[0].partitionResponses[0].errorCode;
      if (code !== 0) throw new Error(`produce failed with error ${code}`);
    }
  };
  await Promise.all(connections.flatMap((c) => Array.from({ length: IN_FLIGHT_PER_CONNECTION }, () => worker(c))));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function fetchAll(
  connection: Connection,
  topic: string,
  endOffset: number,
): Promise<{ seconds: number; records: number; bytes: number }> {
  let offset = 0;
  let records = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  while (offset < endOffset) {
    const r = await connection.send(fetchApi, 11, {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 8 * 1024 * 1024,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: offset,
              lastFetchedEpoch: -1,
              logStartOffset: -1,
              partitionMaxBytes: 8 * 1024 * 1024,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    } as never);
    const data = (r as any).responses[0].partitionResponses[0].recordSet as Buffer;
    // Walk batch headers only, as a consumer's position does: record count and last offset.
    const whole = wholeBatchesLength(data, data.length);
    for (let pos = 0; pos < whole; pos += batchSizeAt(data, pos)) {
      records += data.readInt32BE(pos + RECORD_COUNT_OFFSET);
      offset = lastOffsetAt(data, pos) + 1;
    }
    bytes += whole;
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, records, bytes };
}

function line(what: string, records: number, bytes: number, seconds: number): string {
  return `${what.padEnd(28)} ${(records / seconds).toFixed(0).padStart(10)} records/s ${(bytes / seconds / 1048576).toFixed(1).padStart(8)} MB/s  (${records} records in ${seconds.toFixed(2)} s)`;
}

/** Three brokers, one partition with three replicas: acks=1 against acks=all through the leader. */
async function replicatedCases(zkConnect: string, work: string): Promise<void> {
  const brokers = await Promise.all([1, 2, 3].map((id) => startBroker(`${zkConnect}/bench-cluster`, work, id)));
  try {
    const admin = await Admin.connect(`127.0.0.1:${brokers[0].port}`);
    await admin.createTopics([{ topic: 'replicated', numPartitions: 1, replicationFactor: 3 }]);
    const described = await admin.describeTopics(['replicated']);
    admin.close();
    const leader = described.topics[0].partitions[0].leader;
    const port = described.brokers.find((b) => b.nodeId === leader)?.port as number;
    const value = Buffer.alloc(100, 0x61);
    const batch = await encodeRecordBatch({
      compression: 'none',
      records: Array.from({ length: 1000 }, () => ({ key: null, value })),
    });
    const batches = Math.max(1, Math.floor(TARGET_BYTES / 4 / batch.length));
    const connections = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => Connection.connect({ host: '127.0.0.1', port, clientId: 'bench' })),
    );
    for (const acks of [1, -1]) {
      const seconds = await produce(connections, 'replicated', batch, batches, acks);
      console.log(
        line(`3 brokers rf=3 acks=${acks === -1 ? 'all' : '1'}`, batches * 1000, batches * 1000 * 100, seconds),
      );
    }
    for (const c of connections) c.close();
  } finally {
    for (const b of brokers) b.child.kill('SIGTERM');
    await Promise.all(brokers.map((b) => new Promise((r) => b.child.once('exit', r))));
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-bench-'));
  const zk = await startZooKeeperServer({ port: 0, dataDir: path.join(work, 'zk'), logger: silentLogger() });
  const broker = await startBroker(`${zk.connectString}/bench`, work);
  const bootstrap = `127.0.0.1:${broker.port}`;
  try {
    console.log(
      `Samsa single-broker benchmark (${os.cpus().length} cores, node ${process.version}); ${TARGET_BYTES / 1048576} MiB per case, acks=1, ${CONNECTIONS} connections x ${IN_FLIGHT_PER_CONNECTION} in flight`,
    );
    for (const c of CASES) {
      const topic = `bench-${c.recordBytes}`;
      const admin = await Admin.connect(bootstrap);
      await admin.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
      admin.close();
      const value = Buffer.alloc(c.recordBytes, 0x61);
      const batch = await encodeRecordBatch({
        compression: 'none',
        records: Array.from({ length: c.recordsPerBatch }, () => ({ key: null, value })),
      });
      const batches = Math.max(1, Math.floor(TARGET_BYTES / batch.length));
      const connections = await Promise.all(
        Array.from({ length: CONNECTIONS }, () =>
          Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'bench' }),
        ),
      );
      const seconds = await produce(connections, topic, batch, batches);
      console.log(
        line(
          `produce ${c.recordBytes} B records`,
          batches * c.recordsPerBatch,
          batches * c.recordsPerBatch * c.recordBytes,
          seconds,
        ),
      );
      const fetched = await fetchAll(connections[0], topic, batches * c.recordsPerBatch);
      console.log(
        line(`fetch   ${c.recordBytes} B records`, fetched.records, fetched.records * c.recordBytes, fetched.seconds),
      );
      for (const conn of connections) conn.close();
    }
    broker.child.kill('SIGTERM');
    await new Promise((r) => broker.child.once('exit', r));
    await replicatedCases(zk.connectString, work);
    await securityCase(zk.connectString, work);
  } finally {
    if (broker.child.exitCode === null) {
      broker.child.kill('SIGTERM');
      await new Promise((r) => broker.child.once('exit', r));
    }
    await zk.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * One broker with a PLAINTEXT and a SASL_SSL listener (TLS from bin/certs, SCRAM-SHA-512): the same
 * 100 B produce load through each, so the ratio is the cost of encryption and the login.
 */
async function securityCase(zkConnect: string, work: string): Promise<void> {
  const certs = path.join(work, 'certs');
  execFileSync(path.join(ROOT, 'bin', 'certs'), ['--dir', certs], { stdio: 'ignore' });
  const broker = await startBroker(`${zkConnect}/bench-secure`, work, 9, [
    'listeners=PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
    'inter.broker.listener.name=PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'ssl.keystore.type=PEM',
    'ssl.truststore.type=PEM',
    `ssl.keystore.location=${path.join(certs, 'broker.pem')}`,
    `ssl.truststore.location=${path.join(certs, 'ca.crt')}`,
  ]);
  try {
    execFileSync(path.join(ROOT, 'bin', 'configs'), [
      ...['--zookeeper', `${zkConnect}/bench-secure`, '--alter', '--entity-type', 'users', '--entity-name', 'bench'],
      ...['--add-config', 'SCRAM-SHA-512=[password=bench-secret]'],
    ]);
    const saslPort = Number(/listening on SASL_SSL:\/\/[^:]+:(\d+)/.exec(broker.output())?.[1]);
    const admin = await Admin.connect(`127.0.0.1:${broker.port}`);
    await admin.createTopics([
      { topic: 'plain-100', numPartitions: 1, replicationFactor: 1 },
      { topic: 'secure-100', numPartitions: 1, replicationFactor: 1 },
    ]);
    admin.close();
    const value = Buffer.alloc(100, 0x61);
    const batch = await encodeRecordBatch({
      compression: 'none',
      records: Array.from({ length: 1000 }, () => ({ key: null, value })),
    });
    const batches = Math.max(1, Math.floor(TARGET_BYTES / 4 / batch.length));
    const security = securityFromProperties({
      'security.protocol': 'SASL_SSL',
      'ssl.truststore.location': path.join(certs, 'ca.crt'),
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="bench" password="bench-secret";',
    });
    // Alternated twice, so neither listener alone pays for warm-up or a noisy moment.
    const rates: Record<string, number[]> = { PLAINTEXT: [], SASL_SSL: [] };
    const runs = [
      ['PLAINTEXT', 'plain-100', broker.port, undefined],
      ['SASL_SSL', 'secure-100', saslPort, security],
    ] as const;
    for (const [label, topic, port, sec] of [...runs, ...runs]) {
      const connections = await Promise.all(
        Array.from({ length: CONNECTIONS }, () =>
          Connection.connect({ host: '127.0.0.1', port, clientId: 'bench', security: sec }),
        ),
      );
      const seconds = await produce(connections, topic, batch, batches);
      for (const c of connections) c.close();
      rates[label].push((batches * 1000) / seconds);
      console.log(line(`produce 100 B ${label}`, batches * 1000, batches * 100000, seconds));
    }
    const total = (label: string) => rates[label].reduce((a, b) => a + b, 0);
    console.log(`SASL_SSL / PLAINTEXT produce throughput: ${(total('SASL_SSL') / total('PLAINTEXT')).toFixed(2)}`);
  } finally {
    broker.child.kill('SIGTERM');
    await new Promise((r) => broker.child.once('exit', r));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
