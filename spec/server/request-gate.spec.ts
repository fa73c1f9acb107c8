// Proves the request gate's rules: which api keys each start-up phase admits, that held requests
// are released in arrival order when the phase they need is reached, and that a held request is
// refused (its connection then closed) after the hold bound, beyond the held-requests cap, or
// when the broker stops — while requests already admissible keep being admitted.
import { ANONYMOUS } from '../../lib/server/security/principal';
import { expect } from 'chai';
import { RequestGate, phaseNeeded, type ReadinessPhase } from '../../lib/server/request-gate';
import { ApiKey } from '../../lib/protocol/api-keys';
import { Dispatcher } from '../../lib/server/dispatcher';
import { silentLogger } from '../../lib/util/logger';
import { encodeRequestHeader, requestHeaderVersion } from '../../lib/protocol/header';
import { metadataApi } from '../../lib/protocol/apis/metadata';
import { apiVersionsApi } from '../../lib/protocol/apis/api-versions';
import type { ApiSpec } from '../../lib/protocol/api-spec';
import type { ConnectionInfo } from '../../lib/server/socket-server';

const CONNECTION: ConnectionInfo = {
  id: 1,
  listenerName: 'PLAINTEXT',
  securityProtocol: 'PLAINTEXT',
  remoteAddress: '127.0.0.1',
  remotePort: 1,
  principal: ANONYMOUS,
};

function frame<Req>(spec: ApiSpec<Req, unknown>, version: number, body: Req): Buffer {
  const header = encodeRequestHeader(
    { apiKey: spec.apiKey, apiVersion: version, correlationId: 7, clientId: 'spec' },
    requestHeaderVersion(spec.apiKey, version),
  );
  return Buffer.concat([header, ...spec.encodeRequest(body, version)]);
}

describe('RequestGate', () => {
  const table: Array<[string, number, ReadinessPhase]> = [
    ['ApiVersions', ApiKey.API_VERSIONS, 'starting'],
    ['LeaderAndIsr', ApiKey.LEADER_AND_ISR, 'registered'],
    ['UpdateMetadata', ApiKey.UPDATE_METADATA, 'registered'],
    ['StopReplica', ApiKey.STOP_REPLICA, 'registered'],
    ['ControlledShutdown', ApiKey.CONTROLLED_SHUTDOWN, 'registered'],
    ['AlterIsr', ApiKey.ALTER_ISR, 'registered'],
    ['Metadata', ApiKey.METADATA, 'ready'],
    ['Produce', ApiKey.PRODUCE, 'ready'],
    ['Fetch', ApiKey.FETCH, 'ready'],
    ['FindCoordinator', ApiKey.FIND_COORDINATOR, 'ready'],
  ];
  for (const [name, apiKey, phase] of table) {
    it(`admits ${name} from the ${phase} phase on`, () => {
      expect(phaseNeeded(apiKey)).to.equal(phase);
    });
  }

  it('holds requests and releases them in arrival order as their phase is reached', async () => {
    const gate = new RequestGate(10000, 100);
    const order: string[] = [];
    const held = [
      gate.admit(ApiKey.METADATA).then((ok) => order.push(`metadata:${String(ok)}`)),
      gate.admit(ApiKey.UPDATE_METADATA).then((ok) => order.push(`update-metadata:${String(ok)}`)),
      gate.admit(ApiKey.PRODUCE).then((ok) => order.push(`produce:${String(ok)}`)),
    ];
    expect(gate.admitsNow(ApiKey.API_VERSIONS)).to.equal(true);
    gate.advance('registered');
    await Promise.resolve();
    expect(order).to.deep.equal(['update-metadata:true']);
    expect(gate.admitsNow(ApiKey.METADATA)).to.equal(false);
    gate.advance('ready');
    await Promise.all(held);
    expect(order).to.deep.equal(['update-metadata:true', 'metadata:true', 'produce:true']);
    expect(gate.admitsNow(ApiKey.METADATA)).to.equal(true);
  });

  it('once registered, becomes ready on the first metadata update and stops listening', () => {
    const gate = new RequestGate(10000, 100);
    const listeners = new Set<() => void>();
    const cache = {
      onUpdate: (l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    let readyCalls = 0;
    gate.registered(cache, () => readyCalls++);
    expect(gate.currentPhase).to.equal('registered');
    for (const l of [...listeners]) l();
    expect(gate.currentPhase).to.equal('ready');
    expect(readyCalls).to.equal(1);
    expect(listeners.size).to.equal(0);
  });

  it('never moves back to an earlier phase', () => {
    const gate = new RequestGate(10000, 100);
    gate.advance('ready');
    gate.advance('registered');
    expect(gate.currentPhase).to.equal('ready');
  });

  it('refuses a request held longer than the bound', async () => {
    const gate = new RequestGate(50, 100);
    const startedMs = Date.now();
    expect(await gate.admit(ApiKey.METADATA)).to.equal(false);
    expect(Date.now() - startedMs).to.be.at.least(45);
    gate.advance('ready');
    expect(await gate.admit(ApiKey.METADATA)).to.equal(true);
  });

  it('refuses requests beyond the held-requests cap at once', async () => {
    const gate = new RequestGate(10000, 1);
    const first = gate.admit(ApiKey.METADATA);
    expect(await gate.admit(ApiKey.PRODUCE)).to.equal(false);
    gate.advance('ready');
    expect(await first).to.equal(true);
  });

  it('refuses held requests when closed but keeps admitting what was already admissible', async () => {
    const gate = new RequestGate(10000, 100);
    gate.advance('registered');
    const held = gate.admit(ApiKey.METADATA);
    gate.close();
    expect(await held).to.equal(false);
    expect(await gate.admit(ApiKey.FETCH)).to.equal(false);
    expect(await gate.admit(ApiKey.UPDATE_METADATA)).to.equal(true);
  });

  it('makes the dispatcher answer ApiVersions at once and close the connection of a request held too long', async () => {
    const gate = new RequestGate(50, 100);
    const dispatcher = new Dispatcher(silentLogger(), gate);
    let handled = 0;
    dispatcher.register(apiVersionsApi, () => ({ errorCode: 0, apiKeys: [], throttleTimeMs: 0 }));
    dispatcher.register(metadataApi, () => {
      handled++;
      return {
        throttleTimeMs: 0,
        brokers: [],
        clusterId: null,
        controllerId: -1,
        topics: [],
        clusterAuthorizedOperations: 0,
      };
    });
    const versions = await dispatcher.dispatch(
      frame(apiVersionsApi, 3, { clientSoftwareName: 'spec', clientSoftwareVersion: '1' }),
      CONNECTION,
    );
    expect(versions.kind).to.equal('respond');
    const metadata = frame(metadataApi, 9, {
      topics: null,
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    const refused = await dispatcher.dispatch(metadata, CONNECTION);
    expect(refused.kind).to.equal('close');
    expect(handled).to.equal(0);
    gate.advance('ready');
    expect((await dispatcher.dispatch(metadata, CONNECTION)).kind).to.equal('respond');
    expect(handled).to.equal(1);
  });
});
