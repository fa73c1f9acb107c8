// Proves the broker's controlled-shutdown retry loop (Kafka's KafkaServer.controlledShutdown):
// while the controller reports partitions it could not move, or the attempt fails (NOT_CONTROLLER,
// a lost connection), the broker asks again after controlled.shutdown.retry.backoff.ms, at most
// controlled.shutdown.max.retries attempts, then stops anyway naming what it leaves; against the
// controller's real ControlledShutdown handling, a partition whose only in-sync replica is the
// leaving broker keeps it retrying the configured number of times with the configured back-off.
import { expect } from 'chai';
import { Writable } from 'stream';
import winston from 'winston';
import { runControlledShutdown } from '../../lib/server/controller-client';
import { KafkaError } from '../../lib/protocol/kafka-error';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { controllerFixture } from '../cluster/controller/controller-fixture';

/** A winston logger keeping every line it is given. */
function recordingLogger(): { logger: winston.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info: { level: string; message: string }, _enc, done) {
      lines.push(`${info.level}: ${info.message}`);
      done();
    },
  });
  return {
    logger: winston.createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream })] }),
    lines,
  };
}

describe('runControlledShutdown (broker side)', () => {
  it('retries while partitions remain, waiting the back-off between attempts, then gives up naming them', async () => {
    const { logger, lines } = recordingLogger();
    const sleeps: number[] = [];
    let attempts = 0;
    const ok = await runControlledShutdown(
      async () => {
        attempts++;
        return [
          { topic: 't', partition: 0 },
          { topic: 't', partition: 2 },
        ];
      },
      {
        maxRetries: 3,
        retryBackoffMs: 5000,
        logger,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
    );
    expect(ok).to.equal(false);
    expect(attempts).to.equal(3);
    expect(sleeps).to.deep.equal([5000, 5000]);
    expect(lines[lines.length - 1]).to.match(/^warn: proceeding to an unclean shutdown .*t-0, t-2/);
  });

  it('retries failed attempts (NOT_CONTROLLER, lost connection) and stops at the first empty answer', async () => {
    const { logger, lines } = recordingLogger();
    const sleeps: number[] = [];
    const answers: Array<() => Promise<Array<{ topic: string; partition: number }>>> = [
      async () => {
        throw new KafkaError(ErrorCode.NOT_CONTROLLER, 'controlled shutdown refused');
      },
      async () => {
        throw new Error('connection closed');
      },
      async () => [],
      async () => {
        throw new Error('not asked again');
      },
    ];
    let attempts = 0;
    const ok = await runControlledShutdown(() => answers[attempts++](), {
      maxRetries: 5,
      retryBackoffMs: 20,
      logger,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(ok).to.equal(true);
    expect(attempts).to.equal(3);
    expect(sleeps).to.deep.equal([20, 20]);
    expect(lines.filter((l) => l.startsWith('warn:'))).to.have.length(2);
    expect(lines[lines.length - 1]).to.equal('info: controlled shutdown succeeded');
  });

  it('makes no attempt with controlled.shutdown.max.retries=0, as Kafka', async () => {
    const { logger } = recordingLogger();
    let attempts = 0;
    expect(
      await runControlledShutdown(
        async () => {
          attempts++;
          return [];
        },
        { maxRetries: 0, retryBackoffMs: 1, logger },
      ),
    ).to.equal(false);
    expect(attempts).to.equal(0);
  });

  it('against the controller: an unmovable partition keeps it retrying with the real back-off, a movable one does not', async () => {
    const f = controllerFixture([1, 2]);
    f.addPartition('stuck', 0, [1, 2], 1, [1]);
    f.addPartition('moves', 0, [1, 2], 1, [1, 2]);
    const { logger } = recordingLogger();
    const startedAt: number[] = [];
    const ok = await runControlledShutdown(
      () => {
        startedAt.push(Date.now());
        return f.requests.controlledShutdown(1, 101);
      },
      { maxRetries: 3, retryBackoffMs: 60, logger },
    );
    expect(ok).to.equal(false);
    expect(startedAt).to.have.length(3);
    for (let i = 1; i < startedAt.length; i++) expect(startedAt[i] - startedAt[i - 1]).to.be.at.least(55);
    expect(f.ctx.states.get('moves-0')).to.include({ leader: 2 });
    expect(f.ctx.states.get('stuck-0')).to.include({ leader: 1 });
  });
});
