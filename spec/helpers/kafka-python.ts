// kafka-python (Debian's python3-kafka, run with /usr/bin/python3) as a client no one here
// wrote: a producer that reports, message by message, which sends were acknowledged.
import { spawn, ChildProcess } from 'node:child_process';

const PRODUCER = `
import json, logging, os, sys, time
if os.environ.get('KAFKA_PYTHON_LOG'):
    logging.basicConfig(filename=os.environ['KAFKA_PYTHON_LOG'], level=logging.DEBUG, format='%(asctime)s %(name)s %(message)s')
from kafka import KafkaProducer
bootstrap, topic, count, delay_ms, acks = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
producer = KafkaProducer(bootstrap_servers=bootstrap, acks=(acks if acks == 'all' else int(acks)), retries=20,
                         retry_backoff_ms=200, max_in_flight_requests_per_connection=1, linger_ms=2,
                         request_timeout_ms=15000, metadata_max_age_ms=1000, api_version_auto_timeout_ms=10000)
def report(i):
    def ok(md):
        print(json.dumps({"i": i, "partition": md.partition, "offset": md.offset}), flush=True)
    def failed(exc):
        print(json.dumps({"i": i, "error": type(exc).__name__ + ": " + str(exc)}), flush=True)
    return ok, failed
for i in range(count):
    ok, failed = report(i)
    producer.send(topic, key=("k%d" % (i % 12)).encode(), value=("v%d" % i).encode()).add_callback(ok).add_errback(failed)
    if delay_ms > 0:
        time.sleep(delay_ms / 1000.0)
producer.flush(60)
producer.close(10)
print(json.dumps({"done": True}), flush=True)
`;

export interface PythonReport {
  i?: number;
  partition?: number;
  offset?: number;
  error?: string;
  done?: boolean;
}

export interface PythonProducer {
  child: ChildProcess;
  reports: PythonReport[];
  stderr(): string;
  finished: Promise<number | null>;
}

export function startPythonProducer(
  bootstrap: string,
  topic: string,
  count: number,
  delayMs: number,
  acks = 'all',
): PythonProducer {
  const child = spawn('/usr/bin/python3', ['-c', PRODUCER, bootstrap, topic, String(count), String(delayMs), acks], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: PythonReport[] = [];
  let buffered = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    buffered += c.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') reports.push(JSON.parse(line) as PythonReport);
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const finished = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, reports, stderr: () => err, finished };
}
