// Proves meta.properties is written and read the way a ZooKeeper-mode Kafka broker does.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import {
  checkMetaProperties,
  InconsistentMetaPropertiesError,
  MetaPropertiesError,
  readMetaProperties,
  writeMetaProperties,
} from '../../lib/storage/meta-properties';
import { makeTempDir, removeTempDir } from './fixtures';

describe('storage/meta-properties', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('round-trips version=0, broker.id and cluster.id', () => {
    expect(readMetaProperties(dir)).to.equal(null);
    writeMetaProperties(dir, { brokerId: 3, clusterId: 'aZ9-k_Q2Tq2Yx0mBq1rS3w' });
    const text = fs.readFileSync(path.join(dir, 'meta.properties'), 'utf8');
    expect(text)
      .to.match(/^version=0$/m)
      .and.to.match(/^broker\.id=3$/m)
      .and.to.match(/^cluster\.id=aZ9-k_Q2Tq2Yx0mBq1rS3w$/m);
    expect(readMetaProperties(dir)).to.deep.equal({ version: 0, brokerId: 3, clusterId: 'aZ9-k_Q2Tq2Yx0mBq1rS3w' });
  });

  it('reads a file written by an old broker without cluster.id', () => {
    fs.writeFileSync(path.join(dir, 'meta.properties'), '#\nversion=0\nbroker.id=1\n');
    expect(readMetaProperties(dir)).to.deep.equal({ version: 0, brokerId: 1, clusterId: undefined });
  });

  it('refuses other versions and a bad broker.id', () => {
    fs.writeFileSync(path.join(dir, 'meta.properties'), 'version=1\nnode.id=1\n');
    expect(() => readMetaProperties(dir)).to.throw(MetaPropertiesError, /version '1'/);
    fs.writeFileSync(path.join(dir, 'meta.properties'), 'version=0\nbroker.id=one\n');
    expect(() => readMetaProperties(dir)).to.throw(MetaPropertiesError, /broker.id 'one'/);
  });

  it('claims an empty dir for the broker and refuses a dir of another cluster or broker id', () => {
    checkMetaProperties([dir], 3, 'cluster-a');
    expect(readMetaProperties(dir)).to.include({ brokerId: 3, clusterId: 'cluster-a' });
    expect(() => checkMetaProperties([dir], 3, 'cluster-a')).not.to.throw();
    expect(() => checkMetaProperties([dir], 3, 'cluster-b')).to.throw(InconsistentMetaPropertiesError, /wrong cluster/);
    expect(() => checkMetaProperties([dir], 4, 'cluster-a')).to.throw(InconsistentMetaPropertiesError, /broker.id 4/);
  });
});
