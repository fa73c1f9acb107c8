// Why Kafka's Java client is expected to work against Samsa, though no spec runs it: the APIs its
// producer, consumer and admin client use, the versions Samsa serves (read from the codec
// tables, so the README's table follows ApiVersions), and how the Java client's newest version
// of each grew release by release. The README's table is rendered from this data
// (compatibility-table.spec.ts checks it, and checks the claim the prose rests on: Samsa serves
// every version from 0 up to at least Kafka 2.2's newest, and Kafka 4.0's floor is Kafka 2.1).
//
// Java facts: `validVersions` of clients/src/main/resources/common/message/<Api>Request.json in
// apache/kafka at the tags 2.2.0 … 3.9.0 (the Java client's newest version of an API is that
// schema's; before 2.2 the schemas were Java code, not read here).
import { API_SPECS } from '../../lib/protocol/apis';

export type JavaRole = 'producer' | 'consumer' | 'admin';

export interface JavaApiUse {
  api: string;
  usedBy: JavaRole[];
  /** [Kafka release, the newest version its Java client has], one entry per release that raised it. */
  newestByRelease: Array<[string, number]>;
}

export const JAVA_RELEASES_READ = { first: '2.2', last: '3.9' } as const;

export const JAVA_API_USES: readonly JavaApiUse[] = [
  {
    api: 'ApiVersions',
    usedBy: ['producer', 'consumer', 'admin'],
    newestByRelease: [
      ['2.2', 2],
      ['2.4', 3],
      ['3.9', 4],
    ],
  },
  {
    api: 'Metadata',
    usedBy: ['producer', 'consumer', 'admin'],
    newestByRelease: [
      ['2.2', 7],
      ['2.3', 8],
      ['2.4', 9],
      ['2.8', 11],
      ['3.1', 12],
    ],
  },
  {
    api: 'Produce',
    usedBy: ['producer'],
    newestByRelease: [
      ['2.2', 7],
      ['2.4', 8],
      ['2.8', 9],
      ['3.7', 10],
      ['3.8', 11],
    ],
  },
  {
    api: 'InitProducerId',
    usedBy: ['producer'],
    newestByRelease: [
      ['2.2', 1],
      ['2.4', 2],
      ['2.5', 3],
      ['2.7', 4],
      ['3.8', 5],
    ],
  },
  {
    api: 'Fetch',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 10],
      ['2.3', 11],
      ['2.7', 12],
      ['3.1', 13],
      ['3.5', 15],
      ['3.7', 16],
      ['3.9', 17],
    ],
  },
  {
    api: 'ListOffsets',
    usedBy: ['consumer', 'admin'],
    newestByRelease: [
      ['2.2', 5],
      ['2.8', 6],
      ['3.0', 7],
      ['3.5', 8],
      ['3.9', 9],
    ],
  },
  {
    api: 'OffsetForLeaderEpoch',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 2],
      ['2.3', 3],
      ['2.8', 4],
    ],
  },
  {
    api: 'FindCoordinator',
    usedBy: ['consumer', 'admin'],
    newestByRelease: [
      ['2.2', 2],
      ['2.4', 3],
      ['3.0', 4],
      ['3.8', 5],
      ['3.9', 6],
    ],
  },
  {
    api: 'JoinGroup',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 4],
      ['2.3', 5],
      ['2.4', 6],
      ['2.5', 7],
      ['3.2', 9],
    ],
  },
  {
    api: 'SyncGroup',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 2],
      ['2.3', 3],
      ['2.4', 4],
      ['2.5', 5],
    ],
  },
  {
    api: 'Heartbeat',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 2],
      ['2.3', 3],
      ['2.4', 4],
    ],
  },
  {
    api: 'LeaveGroup',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 2],
      ['2.4', 4],
      ['3.2', 5],
    ],
  },
  {
    api: 'OffsetCommit',
    usedBy: ['consumer'],
    newestByRelease: [
      ['2.2', 6],
      ['2.3', 7],
      ['2.4', 8],
      ['3.6', 9],
    ],
  },
  {
    api: 'OffsetFetch',
    usedBy: ['consumer', 'admin'],
    newestByRelease: [
      ['2.2', 5],
      ['2.4', 6],
      ['2.5', 7],
      ['3.0', 8],
      ['3.7', 9],
    ],
  },
  {
    api: 'CreateTopics',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 3],
      ['2.4', 5],
      ['2.7', 6],
      ['2.8', 7],
    ],
  },
  {
    api: 'DeleteTopics',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 3],
      ['2.4', 4],
      ['2.7', 5],
      ['2.8', 6],
    ],
  },
  {
    api: 'CreatePartitions',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 1],
      ['2.5', 2],
      ['2.7', 3],
    ],
  },
  {
    api: 'DescribeConfigs',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 2],
      ['2.6', 3],
      ['2.8', 4],
    ],
  },
  {
    api: 'DescribeGroups',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 2],
      ['2.3', 3],
      ['2.4', 5],
    ],
  },
  {
    api: 'ListGroups',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 2],
      ['2.4', 3],
      ['2.6', 4],
      ['3.8', 5],
    ],
  },
  {
    api: 'DeleteGroups',
    usedBy: ['admin'],
    newestByRelease: [
      ['2.2', 1],
      ['2.4', 2],
    ],
  },
];

/** The versions Samsa serves (and advertises) for `api`. */
export function samsaServes(api: string): { min: number; max: number } {
  const spec = API_SPECS.find((s) => s.name === api);
  if (spec === undefined) throw new Error(`Samsa has no codec for ${api}`);
  return spec.servedVersions;
}

export function kafka22Newest(use: JavaApiUse): number {
  return use.newestByRelease[0][1];
}

/** The first Java release whose newest version is above what Samsa serves, or null. */
export function firstReleaseAbove(use: JavaApiUse): [string, number] | null {
  const max = samsaServes(use.api).max;
  return use.newestByRelease.find(([, newest]) => newest > max) ?? null;
}

function row(use: JavaApiUse): string {
  const served = samsaServes(use.api);
  const newest = use.newestByRelease[use.newestByRelease.length - 1][1];
  const above = firstReleaseAbove(use);
  const stepsDown = above === null ? `none through ${JAVA_RELEASES_READ.last}` : `${above[0]} (v${above[1]})`;
  return `| ${use.api} | ${use.usedBy.join(', ')} | ${served.min}–${served.max} | ${kafka22Newest(use)} | ${newest} | ${stepsDown} |`;
}

/** The README's table of the APIs the Java client needs, exactly as the README must hold it. */
export function renderJavaApis(): string {
  return (
    [
      `| API | Java client part | Samsa serves | newest in Java ${JAVA_RELEASES_READ.first} | newest in Java ${JAVA_RELEASES_READ.last} | first Java release with a newer version |`,
      '| --- | --- | --- | :-: | :-: | --- |',
      ...JAVA_API_USES.map(row),
    ].join('\n') + '\n'
  );
}
