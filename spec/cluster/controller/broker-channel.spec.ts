// Proves that the controller's channel keeps a control request to a live broker until it gets
// through, as Kafka's RequestSendThread does: a real broker behind the fault suite's link proxy is
// cut from "controller 1" for more attempts than the channel once made before dropping the
// request, and the request is still delivered after the heal; once the broker leaves the live set
// (or the controller resigns, which empties it) the retries stop.
import { expect } from 'chai';
import { BrokerChannel } from '../../../lib/cluster/controller/broker-channel';
import type { ControlChannel } from '../../../lib/cluster/controller/control-channel';
import type { LiveBroker } from '../../../lib/cluster/metadata/metadata-cache';
import { silentLogger, type Logger } from '../../../lib/util/logger';
import { LinkProxy } from '../../faults/link-proxy';
import { startBroker, stopAllBrokers } from '../../helpers/broker';
import { waitUntil } from '../../helpers/wait';

const CONTROLLER_ID = 1;
const BROKER_ID = 2;
/** The channel used to give up after 5 attempts; seeing the 5th fail proves it no longer does. */
const ATTEMPTS_ONCE_FATAL = 5;

function recordingLogger(warnings: string[]): Logger {
  const logger = silentLogger();
  logger.warn = ((message: string) => {
    warnings.push(message);
    return logger;
  }) as Logger['warn'];
  return logger;
}

const unusedLocal: ControlChannel = {
  leaderAndIsr: () => Promise.reject(new Error('not local')),
  updateMetadata: () => Promise.reject(new Error('not local')),
  stopReplica: () => Promise.reject(new Error('not local')),
};

describe('BrokerChannel', function () {
  this.timeout(60_000);
  let proxy: LinkProxy | null = null;
  let channel: BrokerChannel | null = null;

  afterEach(async () => {
    channel?.close();
    await proxy?.stop();
    await stopAllBrokers();
  });

  async function channelToProxiedBroker(warnings: string[]): Promise<{ channel: BrokerChannel; live: LiveBroker[] }> {
    const broker = await startBroker({ label: 'broker-channel', brokerId: BROKER_ID });
    proxy = await LinkProxy.start({ brokerIds: [BROKER_ID] });
    proxy.started(BROKER_ID, broker.port);
    channel = new BrokerChannel({
      localBrokerId: CONTROLLER_ID,
      local: unusedLocal,
      listenerName: 'PLAINTEXT',
      requestTimeoutMs: 5000,
      logger: recordingLogger(warnings),
    });
    const live: LiveBroker[] = [
      {
        brokerId: BROKER_ID,
        rack: null,
        endpoints: [
          {
            listenerName: 'PLAINTEXT',
            securityProtocol: 'PLAINTEXT',
            host: '127.0.0.1',
            port: proxy.portOf(BROKER_ID),
          },
        ],
      },
    ];
    channel.brokersChanged(live);
    return { channel, live };
  }

  function updateMetadata(target: BrokerChannel): Promise<void> {
    return target.updateMetadata(BROKER_ID, {
      controllerId: CONTROLLER_ID,
      controllerEpoch: 1,
      brokerEpoch: -1,
      liveBrokers: [],
      partitionStates: [],
    });
  }

  it('delivers a request to a live broker once a partition from the controller heals, however many attempts failed', async () => {
    const warnings: string[] = [];
    const { channel: target } = await channelToProxiedBroker(warnings);
    proxy?.cut(CONTROLLER_ID, BROKER_ID);
    let settled: 'delivered' | Error | null = null;
    const sent = updateMetadata(target).then(
      () => {
        settled = 'delivered';
      },
      (err: Error) => {
        settled = err;
      },
    );
    await waitUntil(() => settled !== null || warnings.some((w) => w.includes(`(attempt ${ATTEMPTS_ONCE_FATAL})`)), {
      timeoutMs: 20_000,
      message: `attempt ${ATTEMPTS_ONCE_FATAL} to fail`,
    });
    await waitUntil(() => proxy?.connectionCount(CONTROLLER_ID, BROKER_ID) === 0, {
      timeoutMs: 5000,
      message: 'no live connection on the cut link',
    });
    expect(settled, 'the request settled while the link was cut').to.equal(null);
    proxy?.heal();
    await sent;
    expect(settled).to.equal('delivered');
  });

  it('stops retrying once the broker leaves the live set (as on resignation)', async () => {
    const warnings: string[] = [];
    const { channel: target } = await channelToProxiedBroker(warnings);
    proxy?.cut(CONTROLLER_ID, BROKER_ID);
    const sent = updateMetadata(target);
    await waitUntil(() => warnings.length > 0, { timeoutMs: 10_000, message: 'the first failure' });
    target.brokersChanged([]);
    let failure: Error | null = null;
    await sent.catch((err: Error) => {
      failure = err;
    });
    expect(failure, 'the abandoned request rejects with its last failure').to.be.instanceOf(Error);
  });
});
