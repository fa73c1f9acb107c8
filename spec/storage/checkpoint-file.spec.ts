// Proves checkpoint files are written in Kafka's text format (version, count, entries) through a
// temp file and rename, read back exactly, and that malformed files are refused with the line.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import {
  CheckpointFormatError,
  readCheckpointFile,
  readLeaderEpochCheckpoint,
  readOffsetCheckpoint,
  writeLeaderEpochCheckpoint,
  writeOffsetCheckpoint,
} from '../../lib/storage/checkpoint-file';
import { listDir, makeTempDir, removeTempDir } from './fixtures';

describe('storage/checkpoint-file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = path.join(dir, 'replication-offset-checkpoint');
  });
  afterEach(() => removeTempDir(dir));

  it("writes Kafka's format and leaves no temp file behind", () => {
    writeOffsetCheckpoint(file, [
      { topic: 'orders', partition: 0, offset: 1523 },
      { topic: 'my-topic', partition: 1, offset: 1498 },
    ]);
    expect(fs.readFileSync(file, 'utf8')).to.equal('0\n2\norders 0 1523\nmy-topic 1 1498\n');
    expect(listDir(dir)).to.deep.equal(['replication-offset-checkpoint']);
  });

  it('round-trips offset and leader-epoch checkpoints', () => {
    writeOffsetCheckpoint(file, [{ topic: 'a.b_c', partition: 12, offset: 2 ** 40 }]);
    expect([...readOffsetCheckpoint(file).values()]).to.deep.equal([
      { topic: 'a.b_c', partition: 12, offset: 2 ** 40 },
    ]);
    expect(readOffsetCheckpoint(file).has('a.b_c-12')).to.equal(true);
    const epochFile = path.join(dir, 'leader-epoch-checkpoint');
    writeLeaderEpochCheckpoint(epochFile, [
      { epoch: 0, startOffset: 0 },
      { epoch: 5, startOffset: 1523 },
    ]);
    expect(fs.readFileSync(epochFile, 'utf8')).to.equal('0\n2\n0 0\n5 1523\n');
    expect(readLeaderEpochCheckpoint(epochFile)).to.deep.equal([
      { epoch: 0, startOffset: 0 },
      { epoch: 5, startOffset: 1523 },
    ]);
  });

  it('treats a missing file as absent and an empty file as no entries', () => {
    expect(readCheckpointFile(file, 3)).to.equal(null);
    expect(readOffsetCheckpoint(file).size).to.equal(0);
    fs.writeFileSync(file, '');
    expect(readCheckpointFile(file, 3)).to.deep.equal([]);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['an unknown version', '1\n0\n', /line 1: unrecognized version '1'/],
    ['a missing count', '0\n', /line 2: expected an entry count/],
    ['a count above the entries', '0\n2\norders 0 5\n', /expected 2 entries, found 1/],
    ['a count below the entries', '0\n0\norders 0 5\n', /expected 0 entries, found 1/],
    ['a line with too few fields', '0\n1\norders 5\n', /line 3: expected 3 fields/],
    ['a non-integer offset', '0\n1\norders 0 12x\n', /offset '12x' is not an integer/],
    ['a non-integer partition', '0\n1\norders p 12\n', /partition 'p' is not an integer/],
  ];
  for (const [what, text, message] of malformed) {
    it(`rejects ${what}`, () => {
      fs.writeFileSync(file, text);
      expect(() => readOffsetCheckpoint(file)).to.throw(CheckpointFormatError, message);
    });
  }
});
