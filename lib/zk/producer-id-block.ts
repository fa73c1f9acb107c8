// Producer ids for idempotent producers, unique across the cluster the way Kafka 2.8's ZooKeeper
// ProducerIdManager makes them: a broker claims the next block of 1000 ids by rewriting
// /latest_producer_id_block conditionally on the version it read (a lost race re-reads and
// tries again), then hands ids out of its block from memory. Ids of a block a broker never used
// up are lost when it stops, as in Kafka. This module only touches that one znode.
import type { Logger } from '../util/logger';
import { isZkError } from './errors';
import type { ZkSession } from './session';
import { decodeProducerIdBlock, encodeProducerIdBlock, type ProducerIdBlock, ZkPaths } from './znodes';

export const PRODUCER_ID_BLOCK_SIZE = 1000;
/** Conflicting claims by other brokers before giving up (each retry means another broker won). */
const MAX_CLAIM_ATTEMPTS = 50;

/** Claims the block after the one in ZooKeeper (or the first block, 0-999, when it holds none). */
export async function claimProducerIdBlock(
  session: ZkSession,
  brokerId: number,
  blockSize = PRODUCER_ID_BLOCK_SIZE,
): Promise<ProducerIdBlock> {
  const path = ZkPaths.latestProducerIdBlock;
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    const current = await readBlock(session, path);
    const blockStart = current.block ? current.block.blockEnd + 1 : 0;
    const block = { brokerId, blockStart, blockEnd: blockStart + blockSize - 1 };
    if (!Number.isSafeInteger(block.blockEnd)) throw new Error(`producer ids exhausted after ${blockStart - 1}`);
    try {
      if (current.version === null) await session.create(path, encodeProducerIdBlock(block));
      else await session.setData(path, encodeProducerIdBlock(block), current.version);
      return block;
    } catch (err) {
      if (!isZkError(err, 'BAD_VERSION') && !isZkError(err, 'NODE_EXISTS')) throw err;
    }
  }
  throw new Error(`could not claim a producer id block in ${MAX_CLAIM_ATTEMPTS} attempts`);
}

async function readBlock(
  session: ZkSession,
  path: string,
): Promise<{ block: ProducerIdBlock | null; version: number | null }> {
  try {
    const { data, stat } = await session.getData(path);
    // Brokers create the znode empty at startup; the first claim fills it.
    const block = data === null || data.length === 0 ? null : decodeProducerIdBlock(data);
    return { block, version: stat.version };
  } catch (err) {
    if (isZkError(err, 'NO_NODE')) return { block: null, version: null };
    throw err;
  }
}

export interface ProducerIdManagerOptions {
  /** Read at claim time: a broker may learn its id only while starting. */
  brokerId(): number;
  session(): ZkSession;
  logger: Logger;
  blockSize?: number;
}

/** Hands out producer ids from this broker's current block, claiming a new one when it runs out. */
export class ProducerIdManager {
  private block: ProducerIdBlock | null = null;
  private nextId = 0;
  private claiming: Promise<void> | null = null;

  constructor(private readonly options: ProducerIdManagerOptions) {}

  async generateProducerId(): Promise<number> {
    // Bounded: each pass either returns or waits for one claim, which fails by throwing.
    for (let pass = 0; pass < MAX_CLAIM_ATTEMPTS; pass++) {
      if (this.block && this.nextId <= this.block.blockEnd) return this.nextId++;
      this.claiming ??= this.claimNext().finally(() => {
        this.claiming = null;
      });
      await this.claiming;
    }
    throw new Error('producer id blocks are used up faster than they can be claimed');
  }

  private async claimNext(): Promise<void> {
    const block = await claimProducerIdBlock(this.options.session(), this.options.brokerId(), this.options.blockSize);
    this.block = block;
    this.nextId = block.blockStart;
    this.options.logger.info(`claimed producer id block ${block.blockStart}-${block.blockEnd}`);
  }
}
