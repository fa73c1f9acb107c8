// Proves the generic config machinery: each type parses and bounds its values (a key's range
// narrows its type's), lists are normalised and checked item by item, a required key and an
// extra check are enforced, ignored and reported keys keep Kafka's default, and a topic key
// takes its first broker synonym that has a value in the topic key's unit (-1 stays -1).
import { expect } from 'chai';
import {
  camelCase,
  configText,
  LONG_MAX,
  parseConfigValue,
  readConfigValues,
  topicKeys,
  topicSynonyms,
  topicValue,
  type ConfigTable,
} from '../../lib/util/config-def';

const problemOf = (parsed: ReturnType<typeof parseConfigValue>): string | null =>
  'problem' in parsed ? parsed.problem : null;
const valueOf = (parsed: ReturnType<typeof parseConfigValue>): unknown =>
  'value' in parsed ? parsed.value : undefined;

describe('util/config-def', () => {
  it('parses each type and refuses what is not of it', () => {
    expect(valueOf(parseConfigValue({ type: 'int' }, ' 42 '))).to.equal(42);
    expect(valueOf(parseConfigValue({ type: 'long' }, '9223372036854775807'))).to.equal(LONG_MAX);
    expect(valueOf(parseConfigValue({ type: 'double' }, '0.25'))).to.equal(0.25);
    expect(valueOf(parseConfigValue({ type: 'boolean' }, 'TRUE'))).to.equal(true);
    expect(valueOf(parseConfigValue({ type: 'string', values: ['a', 'b'] }, 'b'))).to.equal('b');
    expect(valueOf(parseConfigValue({ type: 'list', values: ['x', 'y'] }, ' y , x'))).to.equal('y,x');
    expect(problemOf(parseConfigValue({ type: 'int' }, '4.5'))).to.equal("'4.5' is not an integer");
    expect(problemOf(parseConfigValue({ type: 'double' }, 'half'))).to.equal("'half' is not a number");
    expect(problemOf(parseConfigValue({ type: 'boolean' }, 'yes'))).to.equal("'yes' is not true or false");
    expect(problemOf(parseConfigValue({ type: 'string', values: ['a', 'b', 'c'] }, 'd'))).to.equal(
      "'d' must be a, b or c",
    );
    expect(problemOf(parseConfigValue({ type: 'list', values: ['x'] }, 'x,z'))).to.equal("'x,z' must be a list of x");
    expect(problemOf(parseConfigValue({ type: 'list', values: ['x'] }, ' '))).to.match(/must be a list of x/);
  });

  it("bounds numbers by their type and, within it, by the key's range", () => {
    expect(problemOf(parseConfigValue({ type: 'int' }, '2147483648'))).to.equal(
      '2147483648 is outside [-2147483648, 2147483647]',
    );
    expect(problemOf(parseConfigValue({ type: 'short' }, '40000'))).to.match(/outside \[-32768, 32767\]/);
    expect(problemOf(parseConfigValue({ type: 'int', range: [1, 10] }, '11'))).to.equal('11 is outside [1, 10]');
    expect(problemOf(parseConfigValue({ type: 'long', range: [-1, null] }, '-2'))).to.equal(
      `-2 is outside [-1, ${LONG_MAX}]`,
    );
    expect(problemOf(parseConfigValue({ type: 'double', range: [0, 1] }, '1.5'))).to.equal('1.5 is outside [0, 1]');
    expect(
      problemOf(parseConfigValue({ type: 'string', check: (t) => (t.includes(':') ? null : 'no colon') }, 'ab')),
    ).to.equal('no colon');
  });

  const table = {
    'a.ms': { type: 'long', default: null, topic: 't.ms', doc: 'a' },
    'a.hours': { type: 'int', default: 2, topic: 't.ms', topicScale: 3600000, doc: 'a in hours' },
    req: { type: 'string', default: null, required: true, doc: 'required' },
    quiet: { type: 'int', default: 7, support: 'ignored', doc: 'accepted' },
    shown: { type: 'int', default: 9, support: 'reported', doc: 'reported' },
  } as const satisfies ConfigTable;
  const fail = (key: string, problem: string) => new Error(`${key}: ${problem}`);

  it('reads every key: set values parsed, ignored ones checked but kept at default, reported ones not read', () => {
    const values = readConfigValues(
      table,
      new Map([
        ['req', ' x '],
        ['a.hours', '3'],
        ['quiet', '1'],
        ['shown', 'junk'],
      ]),
      fail,
    );
    expect(values).to.deep.equal({ 'a.ms': null, 'a.hours': 3, req: 'x', quiet: 7, shown: 9 });
    expect(() => readConfigValues(table, new Map(), fail)).to.throw('req: is required');
    expect(() => readConfigValues(table, new Map([['req', ' ']]), fail)).to.throw('req: is required');
    expect(() =>
      readConfigValues(
        table,
        new Map([
          ['req', 'x'],
          ['quiet', 'many'],
        ]),
        fail,
      ),
    ).to.throw("quiet: 'many' is not an integer");
  });

  it('resolves a topic key through its synonyms in table order, in its own unit', () => {
    expect(topicKeys(table)).to.deep.equal(['t.ms']);
    expect(topicSynonyms(table, 't.ms')).to.deep.equal(['a.ms', 'a.hours']);
    const from = (values: Record<string, number | null>) => topicValue(table, 't.ms', (key) => values[key] ?? null);
    expect(from({ 'a.hours': 2 })).to.equal(7200000);
    expect(from({ 'a.ms': 5, 'a.hours': 2 })).to.equal(5);
    expect(from({ 'a.hours': -1 })).to.equal(-1);
    expect(from({})).to.equal(null);
  });

  it('prints values as Kafka does and names fields after keys', () => {
    expect([configText(LONG_MAX), configText(0.5), configText(false), configText(null)]).to.deep.equal([
      '9223372036854775807',
      '0.5',
      'false',
      null,
    ]);
    expect(camelCase('replica.high.watermark.checkpoint.interval.ms')).to.equal(
      'replicaHighWatermarkCheckpointIntervalMs',
    );
  });
});
