// Proves each API's shape is written once: lib/protocol/apis/*.ts are exactly what the generator
// renders from lib/protocol/messages/*.json, every source loads as a codec, and the generator maps
// the source's types, versions, nullability and tags onto the declared TypeScript.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { ApiSource, messageSchemaOf } from '../../lib/protocol/api-source';
import { API_SPECS } from '../../lib/protocol/apis';
import { protocolDirs, renderApiFile, staleFiles } from '../../lib/protocol/codegen/generate-apis';
import { renderGrammar } from '../../lib/protocol/codegen/render-grammar';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const sample: ApiSource = {
  apiKey: 99,
  name: 'Sample',
  about: 'A made-up API.',
  validVersions: '0-3',
  flexibleVersions: '3+',
  servedVersions: '0-3',
  request: {
    name: 'SampleRequest',
    fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'instanceId', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
      {
        name: 'clusterId',
        type: 'string',
        versions: '3+',
        nullableVersions: '3+',
        tag: 0,
        taggedVersions: '3+',
        default: null,
      },
      {
        name: 'topics',
        type: '[]SampleTopic',
        versions: '0+',
        nullableVersions: '1+',
        fields: [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'partitions', type: '[]int32', versions: '0+', about: 'partition indexes' },
          { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
        ],
      },
    ],
  },
  response: { name: 'SampleResponse', fields: [{ name: 'errorCode', type: 'int16', versions: '0+' }] },
};

describe('Generated API files', () => {
  it('match what lib/protocol/messages renders (run `make generate` after editing a source)', () => {
    expect(staleFiles(protocolDirs(ROOT))).to.deep.equal([]);
  });

  it('load one codec per source, each with a distinct api key', () => {
    const sources = fs.readdirSync(protocolDirs(ROOT).sources).filter((f) => f.endsWith('.json'));
    expect(API_SPECS).to.have.length(sources.length);
    expect(new Set(API_SPECS.map((s) => s.apiKey)).size).to.equal(sources.length);
  });

  it('declare nullable fields as `| null`, tagged ones as optional, struct arrays by their struct name', () => {
    const text = renderApiFile('sample', sample);
    expect(text).to.contain(
      'export interface SampleTopic {\n  name: string;\n  /** partition indexes */\n  partitions: number[];\n  records: Buffer | Buffer[] | null;\n}',
    );
    expect(text).to.contain('  /** v2+, default null */\n  instanceId: string | null;');
    expect(text).to.contain('  clusterId?: string | null;');
    expect(text).to.contain('  /** nullable v1+ */\n  topics: SampleTopic[] | null;');
    expect(text).to.contain('export const sampleApi = defineApi<SampleRequest, SampleResponse>(source);');
  });

  it('write the newest version in the protocol guide notation, tagged fields after TAG_BUFFER', () => {
    expect(renderGrammar(sample).slice(0, 8)).to.deep.equal([
      'Sample Request (Version: 3) => groupId instanceId [topics] TAG_BUFFER',
      '  groupId => COMPACT_STRING',
      '  instanceId => COMPACT_NULLABLE_STRING',
      '  topics => name [partitions] records TAG_BUFFER  (nullable)',
      '    name => COMPACT_STRING',
      '    partitions => INT32',
      '    records => COMPACT_RECORDS',
      '  tag 0: clusterId => COMPACT_NULLABLE_STRING',
    ]);
  });

  it("turn struct type names into the codec's struct fields", () => {
    const schema = messageSchemaOf(sample, 'request');
    const topics = schema.fields.find((f) => f.name === 'topics')!;
    expect(topics.type).to.equal('[]struct');
    expect(topics.fields!.map((f) => f.name)).to.deep.equal(['name', 'partitions', 'records']);
    expect(() =>
      messageSchemaOf(
        { ...sample, request: { name: 'X', fields: [{ name: 'a', type: 'Missing', versions: '0+' }] } },
        'request',
      ),
    ).to.throw(/struct Missing has no fields/);
  });
});
