// Proves the range and roundrobin assignors give the assignments Kafka documents for its
// RangeAssignor and RoundRobinAssignor (so mixed-client groups agree on who owns what), under
// the protocol names Kafka's clients use.
import { expect } from 'chai';
import {
  AssignorMember,
  GroupAssignment,
  rangeAssignor,
  resolveAssignors,
  roundRobinAssignor,
} from '../../lib/client/assignors';
import { ClientError } from '../../lib/client/errors';

function flat(assignment: GroupAssignment): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [member, topics] of assignment) {
    out[member] = [...topics].sort(([a], [b]) => a.localeCompare(b)).flatMap(([t, ps]) => ps.map((p) => `${t}p${p}`));
  }
  return out;
}

const member = (memberId: string, topics: string[], groupInstanceId: string | null = null): AssignorMember => ({
  memberId,
  topics,
  groupInstanceId,
});

describe('client assignors', () => {
  it("use the protocol names of Kafka's clients, range first by default", () => {
    expect(rangeAssignor.name).to.equal('range');
    expect(roundRobinAssignor.name).to.equal('roundrobin');
    expect(resolveAssignors(['range', 'roundrobin'])).to.deep.equal([rangeAssignor, roundRobinAssignor]);
    expect(() => resolveAssignors(['sticky'])).to.throw(ClientError, /unknown assignor/);
  });

  const rangeCases: Array<{
    name: string;
    members: AssignorMember[];
    counts: Array<[string, number]>;
    expected: Record<string, string[]>;
  }> = [
    {
      name: "Kafka's example: C0, C1 on t0, t1 with 3 partitions each",
      members: [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])],
      counts: [
        ['t0', 3],
        ['t1', 3],
      ],
      expected: { C0: ['t0p0', 't0p1', 't1p0', 't1p1'], C1: ['t0p2', 't1p2'] },
    },
    {
      name: 'extra partitions go to the first members',
      members: [member('c', ['t']), member('a', ['t']), member('b', ['t'])],
      counts: [['t', 7]],
      expected: { a: ['tp0', 'tp1', 'tp2'], b: ['tp3', 'tp4'], c: ['tp5', 'tp6'] },
    },
    {
      name: 'more members than partitions',
      members: [member('m1', ['t']), member('m2', ['t']), member('m3', ['t'])],
      counts: [['t', 2]],
      expected: { m1: ['tp0'], m2: ['tp1'], m3: [] },
    },
    {
      name: 'each topic is split among its own subscribers; unknown topics are skipped',
      members: [member('a', ['x', 'y']), member('b', ['y', 'missing'])],
      counts: [
        ['x', 2],
        ['y', 4],
      ],
      expected: { a: ['xp0', 'xp1', 'yp0', 'yp1'], b: ['yp2', 'yp3'] },
    },
    {
      name: 'static members sort by instance id, before dynamic members',
      members: [
        member('z-dyn', ['t']),
        member('b-1', ['t'], 'inst-b'),
        member('a-1', ['t'], 'inst-c'),
        member('c-1', ['t'], 'inst-a'),
      ],
      counts: [['t', 4]],
      expected: { 'c-1': ['tp0'], 'b-1': ['tp1'], 'a-1': ['tp2'], 'z-dyn': ['tp3'] },
    },
  ];
  for (const c of rangeCases) {
    it(`range: ${c.name}`, () => {
      expect(flat(rangeAssignor.assign(c.members, new Map(c.counts)))).to.deep.equal(c.expected);
    });
  }

  const roundRobinCases: typeof rangeCases = [
    {
      name: "Kafka's example: C0, C1 on t0, t1 with 3 partitions each",
      members: [member('C1', ['t0', 't1']), member('C0', ['t0', 't1'])],
      counts: [
        ['t0', 3],
        ['t1', 3],
      ],
      expected: { C0: ['t0p0', 't0p2', 't1p1'], C1: ['t0p1', 't1p0', 't1p2'] },
    },
    {
      name: "Kafka's example with different subscriptions: C0 on t0; C1 on t0, t1; C2 on t0, t1, t2",
      members: [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])],
      counts: [
        ['t0', 1],
        ['t1', 2],
        ['t2', 3],
      ],
      expected: { C0: ['t0p0'], C1: ['t1p0'], C2: ['t1p1', 't2p0', 't2p1', 't2p2'] },
    },
    {
      name: 'one topic, three members, seven partitions',
      members: [member('a', ['t']), member('b', ['t']), member('c', ['t'])],
      counts: [['t', 7]],
      expected: { a: ['tp0', 'tp3', 'tp6'], b: ['tp1', 'tp4'], c: ['tp2', 'tp5'] },
    },
  ];
  for (const c of roundRobinCases) {
    it(`roundrobin: ${c.name}`, () => {
      expect(flat(roundRobinAssignor.assign(c.members, new Map(c.counts)))).to.deep.equal(c.expected);
    });
  }

  it('roundrobin gives nothing when there are no members', () => {
    expect(roundRobinAssignor.assign([], new Map([['t', 3]])).size).to.equal(0);
  });
});
