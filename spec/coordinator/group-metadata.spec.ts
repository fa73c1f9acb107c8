// Proves the group state machine is exactly GROUPS.md §5.2's table (every legal move allowed,
// every other move fails an assertion) and that protocol choice follows members' votes among
// the protocols every member supports.
import { expect } from 'chai';
import {
  canTransition,
  GroupMetadata,
  GroupProtocol,
  GroupState,
  MemberMetadata,
} from '../../lib/coordinator/group-metadata';

const STATES: GroupState[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

const LEGAL: Array<[GroupState, GroupState]> = [
  ['Empty', 'PreparingRebalance'],
  ['PreparingRebalance', 'Empty'],
  ['PreparingRebalance', 'CompletingRebalance'],
  ['CompletingRebalance', 'PreparingRebalance'],
  ['CompletingRebalance', 'Stable'],
  ['Stable', 'PreparingRebalance'],
  ['Empty', 'Dead'],
  ['PreparingRebalance', 'Dead'],
  ['CompletingRebalance', 'Dead'],
  ['Stable', 'Dead'],
  ['Dead', 'Dead'],
];

/** Walks a fresh group along legal moves to `state`. */
function groupIn(state: GroupState): GroupMetadata {
  const paths: Record<GroupState, GroupState[]> = {
    Empty: [],
    PreparingRebalance: ['PreparingRebalance'],
    CompletingRebalance: ['PreparingRebalance', 'CompletingRebalance'],
    Stable: ['PreparingRebalance', 'CompletingRebalance', 'Stable'],
    Dead: ['Dead'],
  };
  const group = new GroupMetadata('g');
  for (const next of paths[state]) group.transitionTo(next);
  return group;
}

function member(memberId: string, protocols: string[]): MemberMetadata {
  const supportedProtocols: GroupProtocol[] = protocols.map((name) => ({
    name,
    metadata: Buffer.from(`${memberId}:${name}`),
  }));
  return {
    memberId,
    groupInstanceId: null,
    clientId: memberId,
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    supportedProtocols,
    assignment: Buffer.alloc(0),
    isNew: false,
    awaitingJoin: null,
    awaitingSync: null,
  };
}

describe('coordinator/group-metadata', () => {
  describe('transition table', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const legal = LEGAL.some(([a, b]) => a === from && b === to);
        it(`${from} -> ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
          expect(canTransition(from, to)).to.equal(legal);
          const group = groupIn(from);
          if (legal) {
            group.transitionTo(to);
            expect(group.state).to.equal(to);
          } else {
            expect(() => group.transitionTo(to)).to.throw(/illegal transition/);
            expect(group.state).to.equal(from);
          }
        });
      }
    }
  });

  describe('protocols', () => {
    it('a new group accepts any non-empty protocol type and list', () => {
      const group = new GroupMetadata('g');
      expect(group.supportsProtocols('consumer', [{ name: 'range', metadata: Buffer.alloc(0) }])).to.equal(true);
      expect(group.supportsProtocols('', [{ name: 'range', metadata: Buffer.alloc(0) }])).to.equal(false);
      expect(group.supportsProtocols('consumer', [])).to.equal(false);
    });

    it('a joiner must share the protocol type and one protocol every member supports', () => {
      const group = new GroupMetadata('g');
      group.add(member('a', ['range', 'roundrobin']));
      group.add(member('b', ['roundrobin', 'sticky']));
      expect([...group.candidateProtocols()]).to.deep.equal(['roundrobin']);
      expect(group.supportsProtocols('consumer', [{ name: 'roundrobin', metadata: Buffer.alloc(0) }])).to.equal(true);
      expect(group.supportsProtocols('consumer', [{ name: 'range', metadata: Buffer.alloc(0) }])).to.equal(false);
      expect(group.supportsProtocols('connect', [{ name: 'roundrobin', metadata: Buffer.alloc(0) }])).to.equal(false);
    });

    it('each member votes for its first candidate; the most votes wins', () => {
      const group = new GroupMetadata('g');
      group.add(member('a', ['range', 'roundrobin']));
      group.add(member('b', ['roundrobin', 'range']));
      group.add(member('c', ['roundrobin', 'range']));
      expect(group.selectProtocol()).to.equal('roundrobin');
      group.remove('c');
      group.add(member('d', ['range', 'roundrobin']));
      expect(group.selectProtocol()).to.equal('range');
    });

    it('the first member leads; removing the leader hands leadership to another member', () => {
      const group = new GroupMetadata('g');
      group.add(member('a', ['range']));
      group.add(member('b', ['range']));
      expect(group.leaderId).to.equal('a');
      group.remove('a');
      expect(group.leaderId).to.equal('b');
      group.remove('b');
      expect(group.leaderId).to.equal(null);
    });

    it('the next generation picks the protocol and moves to CompletingRebalance, or Empty without members', () => {
      const group = groupIn('PreparingRebalance');
      group.add(member('a', ['range']));
      group.initNextGeneration();
      expect([group.generationId, group.state, group.protocolName]).to.deep.equal([1, 'CompletingRebalance', 'range']);
      group.transitionTo('PreparingRebalance');
      group.remove('a');
      group.initNextGeneration();
      expect([group.generationId, group.state, group.protocolName]).to.deep.equal([2, 'Empty', null]);
    });
  });
});
