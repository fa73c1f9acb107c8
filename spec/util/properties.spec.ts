// Proves server.properties parsing handles Java properties syntax: comments, separators,
// continuations and escapes.
import { expect } from 'chai';
import { parseProperties } from '../../lib/util/properties';

describe('parseProperties', () => {
  it('reads key=value, key: value and key value lines, skipping comments and blanks', () => {
    const parsed = parseProperties(
      '# comment\n! also\n\nbroker.id=1\nlisteners : PLAINTEXT://:9092\nlog.dirs /tmp/a\n  num.partitions=3  \n',
    );
    expect([...parsed.entries()]).to.deep.equal([
      ['broker.id', '1'],
      ['listeners', 'PLAINTEXT://:9092'],
      ['log.dirs', '/tmp/a'],
      ['num.partitions', '3'],
    ]);
  });

  it('joins continuation lines and unescapes', () => {
    const parsed = parseProperties('log.dirs=/a,\\\n   /b\nkey\\ with\\ space=v\\u0041\\n');
    expect(parsed.get('log.dirs')).to.equal('/a,/b');
    expect(parsed.get('key with space')).to.equal('vA\n');
  });

  it('keeps the last of repeated keys and allows empty values', () => {
    const parsed = parseProperties('a=1\na=2\nb=\n');
    expect(parsed.get('a')).to.equal('2');
    expect(parsed.get('b')).to.equal('');
  });
});
