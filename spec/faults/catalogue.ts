// Every scenario of the fault suite, in the order `make faults` runs them, and the short subset
// `make test` runs so CI keeps guarding the suite.
import type { Scenario } from './scenario';
import { scenarios as brokerFailures } from './scenarios/broker-failures';
import { scenario as pausedLeader } from './scenarios/paused-leader';
import { scenario as storageCrash } from './scenarios/storage-crash';
import { scenario as lastReplica } from './scenarios/last-replica';
import { scenarios as storage } from './scenarios/storage';
import { scenarios as zookeeperFaults } from './scenarios/zookeeper';
import { scenarios as network } from './scenarios/network';
import { scenario as hostileInput, shortScenario as hostileInputShort } from './scenarios/hostile-input';

export const SCENARIOS: Scenario[] = [
  ...brokerFailures,
  pausedLeader,
  storageCrash,
  lastReplica,
  ...storage,
  ...zookeeperFaults,
  ...network,
  hostileInput,
  hostileInputShort,
];

export const CI_SUBSET = ['hard-kill-leader', 'clean-bounce-controller', 'paused-leader'];

export function scenarioNamed(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario '${name}'; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}
