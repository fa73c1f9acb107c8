// Proves the console's form checks, table-driven: topic names follow Kafka's rules, counts must be
// whole numbers in range, config lines must be key=value, and each refusal is a 400 whose message
// names the field; a cluster's refusal keeps Kafka's error name and message with a fitting status,
// while a failure that is not the cluster's answer is not dressed up as one.
import { expect } from 'chai';
import { configLines, formFields, refusal, topicName, wholeNumber } from '../../lib/web/console/forms';
import { HttpError } from '../../lib/web/http-error';
import { ClientError } from '../../lib/client/errors';
import { ErrorCode } from '../../lib/protocol/error-codes';

function refused(work: () => unknown): HttpError {
  try {
    work();
  } catch (error) {
    expect(error).to.be.instanceOf(HttpError);
    return error as HttpError;
  }
  return expect.fail('expected an HttpError') as never;
}

describe('console forms', () => {
  it('takes the last value of a repeated field and ignores non-text values', () => {
    expect(formFields({ a: ['1', '2'], b: 'x', c: undefined })).to.deep.equal({ a: '2', b: 'x' });
    expect(formFields(null)).to.deep.equal({});
  });

  it('accepts legal topic names (trimmed) and refuses the rest with a 400 naming the rule', () => {
    expect(topicName('  orders.v2_x-1 ')).to.equal('orders.v2_x-1');
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /Topic name: required/],
      ['', /Topic name: required/],
      ['..', /illegal/],
      ['a'.repeat(250), /longer than 249/],
      ['no spaces', /characters other than/],
      ['<script>', /characters other than/],
    ];
    for (const [text, message] of cases) {
      const error = refused(() => topicName(text));
      expect(error.statusCode, String(text)).to.equal(400);
      expect(error.message).to.match(message);
    }
  });

  it('takes whole numbers within bounds only', () => {
    expect(wholeNumber(' 12 ', 'Partitions', 1, 100)).to.equal(12);
    const cases: Array<[string | undefined, RegExp]> = [
      ['0', /Partitions: must be between 1 and 100, not 0/],
      ['-4', /must be between 1 and 100, not -4/],
      ['101', /not 101/],
      ['1.5', /'1.5' is not a whole number/],
      ['1e3', /not a whole number/],
      ['', /'' is not a whole number/],
      [undefined, /not a whole number/],
    ];
    for (const [text, message] of cases) {
      const error = refused(() => wholeNumber(text, 'Partitions', 1, 100));
      expect(error.statusCode).to.equal(400);
      expect(error.message).to.match(message);
    }
  });

  it('reads key=value config lines, blank lines skipped, values may hold =', () => {
    expect(configLines('retention.ms = 1000\r\n\n  cleanup.policy=compact\nx=a=b\nempty=')).to.deep.equal({
      'retention.ms': '1000',
      'cleanup.policy': 'compact',
      x: 'a=b',
      empty: '',
    });
    expect(configLines(undefined)).to.deep.equal({});
    expect(refused(() => configLines('novalue')).message).to.match(/'novalue' is not key=value/);
    expect(refused(() => configLines('=1')).message).to.match(/is not key=value/);
    expect(refused(() => configLines('a=1\n'.repeat(101))).message).to.match(/at most 100 lines/);
  });

  it("turns the cluster's refusals into statuses with Kafka's message, and rethrows anything else", () => {
    const answer = (code: string, errorCode: number) =>
      refusal(new ClientError(code, `CreateTopics: t: ${code}: why`, { errorCode }));
    expect(answer('TOPIC_ALREADY_EXISTS', ErrorCode.TOPIC_ALREADY_EXISTS).statusCode).to.equal(409);
    expect(answer('UNKNOWN_TOPIC_OR_PARTITION', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).statusCode).to.equal(404);
    expect(answer('TOPIC_AUTHORIZATION_FAILED', ErrorCode.TOPIC_AUTHORIZATION_FAILED).statusCode).to.equal(403);
    expect(answer('LEADER_NOT_AVAILABLE', ErrorCode.LEADER_NOT_AVAILABLE).statusCode).to.equal(503);
    const invalid = answer('INVALID_REPLICATION_FACTOR', ErrorCode.INVALID_REPLICATION_FACTOR);
    expect([invalid.statusCode, invalid.message]).to.deep.equal([
      400,
      'CreateTopics: t: INVALID_REPLICATION_FACTOR: why',
    ]);
    const lost = new ClientError('CONNECTION', 'connection lost');
    expect(() => refusal(lost)).to.throw(lost);
    const bug = new TypeError('x is undefined');
    expect(() => refusal(bug)).to.throw(bug);
  });
});
