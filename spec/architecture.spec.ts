// Proves the dependency direction of STYLE.md: every import under lib/ points to its own folder
// or a lower row (cli -> web -> server | client -> coordinator -> cluster -> storage, zk, network ->
// protocol, metrics -> util); replication and controller never import each other; the broker never
// imports the client; request handlers only route, so none reaches ZooKeeper (lib/zk) itself.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './helpers/broker';

const LIB = path.join(PROJECT_ROOT, 'lib');

const RANK: Array<[string, number]> = [
  ['cli', 7],
  ['web', 6],
  ['server', 5],
  ['client', 5],
  ['coordinator', 4],
  ['cluster/replication', 3],
  ['cluster/controller', 3],
  ['cluster/metadata', 2],
  ['storage', 2],
  ['zk', 2],
  ['network', 2],
  ['protocol', 1],
  ['metrics', 1],
  ['util', 0],
];

function moduleOf(file: string): string {
  const rel = path.relative(LIB, file).split(path.sep).join('/');
  const match = RANK.find(([m]) => rel === m || rel === `${m}.ts` || rel.startsWith(`${m}/`));
  return match ? match[0] : 'root';
}

function rankOf(module: string): number {
  return module === 'root' ? 8 : (RANK.find(([m]) => m === module) as [string, number])[1];
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture', () => {
  it('has no upward or sideways imports between modules', () => {
    const violations: string[] = [];
    for (const file of tsFiles(LIB)) {
      const from = moduleOf(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = moduleOf(path.resolve(path.dirname(file), m[1]));
        if (target === from) continue;
        const upward = rankOf(target) >= rankOf(from);
        if (upward) violations.push(`${path.relative(PROJECT_ROOT, file)} (${from}) imports ${m[1]} (${target})`);
      }
    }
    expect(violations).to.deep.equal([]);
  });

  it('no request handler imports lib/zk: ZooKeeper is reached through the services handlers are given', () => {
    const zk = path.join(LIB, 'zk');
    const violations = tsFiles(path.join(LIB, 'server', 'handlers')).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return [...text.matchAll(/from '(\.[^']+)'/g)]
        .map((m) => m[1])
        .filter((target) => {
          const resolved = path.resolve(path.dirname(file), target);
          return resolved === zk || resolved.startsWith(`${zk}${path.sep}`);
        })
        .map((target) => `${path.relative(PROJECT_ROOT, file)} imports ${target}`);
    });
    expect(violations).to.deep.equal([]);
  });
});
