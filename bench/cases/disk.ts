// The disk's own sequential write speed, measured in the same run on the filesystem that holds the
// brokers' log dirs: write a file in 1 MiB chunks and fsync it, so broker figures can be read as a
// share of what the disk does. A broker does not fsync every write by default (flush.messages), so
// a share above 1 means the page cache absorbed the writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchContext } from '../context';
import { Row } from '../report';

const CHUNK_BYTES = 1024 * 1024;
const MIB = 1024 * 1024;

export async function diskCase(ctx: BenchContext): Promise<Row[]> {
  const file = path.join(ctx.work, 'disk-speed.bin');
  const chunk = Buffer.alloc(CHUNK_BYTES, 0x61);
  const chunks = Math.max(1, Math.floor(ctx.sizes.diskBytes / CHUNK_BYTES));
  const handle = await fs.promises.open(file, 'w');
  const start = process.hrtime.bigint();
  try {
    for (let i = 0; i < chunks; i++) await handle.write(chunk, 0, CHUNK_BYTES);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fs.rmSync(file, { force: true });
  const value = (chunks * CHUNK_BYTES) / MIB / seconds;
  ctx.diskMBps = value;
  return [
    {
      id: 'disk.sequential-write',
      group: `disk (${chunks} MiB written in 1 MiB chunks, then fsync, in the log dirs' filesystem)`,
      label: 'sequential write + fsync',
      value,
      unit: 'MB/s',
      better: 'higher',
    },
  ];
}
