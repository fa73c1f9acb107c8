// Proves errorResponseFor for every API Samsa has a codec for, at every version it serves: the
// error response encodes and decodes, every errorCode field in it carries the code, and the lists
// a client reads its answers from name the same topics, partitions, groups and resources as the
// request, in the same order (as Kafka's getErrorResponse answers each of them).
import { expect } from 'chai';
import { API_SPECS } from '../../lib/protocol/apis';
import type { ApiSpec } from '../../lib/protocol/api-spec';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { errorResponseFor } from '../../lib/protocol/error-response';
import { Reader } from '../../lib/protocol/reader';
import { decodeMessage } from '../../lib/protocol/schema';
import { errorCodesIn, errorResponseHasCode, sampleRequest } from '../helpers/sample-request';

type Body = Record<string, unknown>;

/** [request path, response path] pairs whose values must agree; `when` limits them to versions. */
interface Mirror {
  request: string;
  response: string;
  when?: (version: number) => boolean;
}

const MIRRORS: Record<string, Mirror[]> = {
  Produce: [
    { request: 'topicData.name', response: 'responses.name' },
    { request: 'topicData.partitionData.index', response: 'responses.partitionResponses.index' },
  ],
  Fetch: [
    { request: 'topics.topic', response: 'responses.topic' },
    { request: 'topics.partitions.partition', response: 'responses.partitionResponses.partition' },
  ],
  ListOffsets: [{ request: 'topics.partitions.partitionIndex', response: 'topics.partitions.partitionIndex' }],
  Metadata: [{ request: 'topics.name', response: 'topics.name' }],
  OffsetCommit: [
    { request: 'topics.name', response: 'topics.name' },
    { request: 'topics.partitions.partitionIndex', response: 'topics.partitions.partitionIndex' },
  ],
  OffsetFetch: [
    { request: 'topics.partitionIndexes', response: 'topics.partitions.partitionIndex', when: (v) => v < 8 },
    { request: 'groups.groupId', response: 'groups.groupId', when: (v) => v >= 8 },
    {
      request: 'groups.topics.partitionIndexes',
      response: 'groups.topics.partitions.partitionIndex',
      when: (v) => v >= 8,
    },
  ],
  OffsetForLeaderEpoch: [{ request: 'topics.partitions.partition', response: 'topics.partitions.partition' }],
  CreateTopics: [{ request: 'topics.name', response: 'topics.name' }],
  DeleteTopics: [
    { request: 'topicNames', response: 'responses.name', when: (v) => v < 6 },
    { request: 'topics.name', response: 'responses.name', when: (v) => v >= 6 },
  ],
  CreatePartitions: [{ request: 'topics.name', response: 'results.name' }],
  DescribeConfigs: [{ request: 'resources.resourceName', response: 'results.resourceName' }],
  DeleteGroups: [{ request: 'groupsNames', response: 'results.groupId' }],
  DescribeGroups: [{ request: 'groups', response: 'groups.groupId' }],
  FindCoordinator: [{ request: 'coordinatorKeys', response: 'coordinators.key', when: (v) => v >= 4 }],
  LeaveGroup: [{ request: 'members.memberId', response: 'members.memberId', when: (v) => v >= 3 }],
};

/** Values at a dotted path, lists flattened on the way. */
function pluck(value: unknown, path: string): unknown[] {
  if (path === '') return Array.isArray(value) ? value : [value];
  const [head, ...rest] = path.split('.');
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => pluck((item as Body)[head], rest.join('.')));
}

function roundTrip(spec: ApiSpec, body: unknown, version: number): Body {
  const bytes = Buffer.concat(spec.encodeResponse(body, version));
  return decodeMessage<Body>(spec.responseSchema, new Reader(bytes, 0, bytes.length), version);
}

function request(spec: ApiSpec, version: number): Body {
  const body = sampleRequest(spec.requestSchema, version);
  if (spec.name === 'Produce') body.acks = 1;
  return body;
}

describe('errorResponseFor', () => {
  for (const spec of API_SPECS) {
    for (let version = spec.servedVersions.min; version <= spec.servedVersions.max; version++) {
      it(`${spec.name} v${version}: carries the code everywhere and mirrors the request`, () => {
        const req = request(spec, version);
        for (const code of [ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.NOT_CONTROLLER]) {
          const decoded = roundTrip(spec, errorResponseFor(spec, req, version, code), version);
          const codes = errorCodesIn(spec.responseSchema.fields, decoded, version);
          if (errorResponseHasCode(spec, version)) expect(codes, 'error codes').to.not.be.empty;
          expect(
            codes.every((c) => c === code),
            `codes ${codes.join(',')}`,
          ).to.equal(true);
          for (const mirror of MIRRORS[spec.name] ?? []) {
            if (mirror.when && !mirror.when(version)) continue;
            const asked = pluck(req, mirror.request);
            expect(asked, mirror.request).to.have.length.greaterThan(1);
            expect(pluck(decoded, mirror.response), mirror.response).to.deep.equal(asked);
          }
        }
      });
    }
  }

  it('answers a Produce with acks=0 with nothing at all', () => {
    const produce = API_SPECS.find((s) => s.name === 'Produce') as ApiSpec;
    const req = { ...sampleRequest(produce.requestSchema, 8), acks: 0 };
    expect(errorResponseFor(produce, req, 8, ErrorCode.UNKNOWN_SERVER_ERROR)).to.equal(null);
  });

  it('leaves lists without error codes empty (a failed Metadata names no brokers, a failed JoinGroup no members)', () => {
    for (const [name, list] of [
      ['Metadata', 'brokers'],
      ['JoinGroup', 'members'],
      ['ApiVersions', 'apiKeys'],
    ]) {
      const spec = API_SPECS.find((s) => s.name === name) as ApiSpec;
      const version = spec.servedVersions.max;
      const body = errorResponseFor(spec, request(spec, version), version, ErrorCode.UNKNOWN_SERVER_ERROR) as Body;
      expect(body[list], `${name}.${list}`).to.deep.equal([]);
    }
  });
});
