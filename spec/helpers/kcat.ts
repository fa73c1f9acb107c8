// kcat (librdkafka) as the third-party client of the compatibility specs.
import { run, runOk } from './processes';

export interface KcatMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  ts: number;
}

export async function kcatMetadata(bootstrap: string, topic?: string): Promise<any> {
  const args = ['-b', bootstrap, '-L', '-J', '-m', '10'];
  if (topic) args.push('-t', topic);
  return JSON.parse(await runOk('kcat', args, { timeoutMs: 30000 }));
}

/** Produces `key:value` lines (one message each) and waits for every delivery report. */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  lines: string[],
  extra: string[] = [],
): Promise<void> {
  const args = [
    '-b',
    bootstrap,
    '-t',
    topic,
    '-P',
    '-K',
    ':',
    '-X',
    'partitioner=murmur2_random',
    '-X',
    'linger.ms=5',
    ...extra,
  ];
  const result = await run('kcat', args, { input: lines.join('\n') + '\n', timeoutMs: 120000 });
  if (result.code !== 0 || /error|fail/i.test(result.stderr)) {
    throw new Error(`kcat produce failed (exit ${String(result.code)}): ${result.stderr}`);
  }
}

/** Consumes everything from the beginning of every partition and exits at the end. */
export async function kcatConsumeAll(bootstrap: string, topic: string, extra: string[] = []): Promise<KcatMessage[]> {
  const args = ['-b', bootstrap, '-t', topic, '-C', '-o', 'beginning', '-e', '-J', '-q', ...extra];
  const out = await runOk('kcat', args, { timeoutMs: 120000 });
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as KcatMessage);
}
