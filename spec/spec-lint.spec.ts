// Holds the specs to the project's rules that a reviewer would otherwise check by eye: nothing
// focused (which would silently run a subset in CI) and nothing skipped (which would pass by not
// running). The patterns are assembled at run time so this file does not match itself.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './helpers/broker';

const SPEC = path.join(PROJECT_ROOT, 'spec');

const FORBIDDEN: Array<[string, RegExp]> = [
  ['focused test', new RegExp(`\\b(it|describe|context)\\.${'on'}ly\\(`)],
  ['skipped test', new RegExp(`\\b(it|describe|context)\\.${'sk'}ip\\(|\\bx(it|describe)\\(`)],
  ['skip at run time', new RegExp(`this\\.${'sk'}ip\\(\\)`)],
];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('spec lint', () => {
  it('finds no focused or skipped tests under spec/', () => {
    const violations: string[] = [];
    for (const file of tsFiles(SPEC)) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [what, pattern] of FORBIDDEN) {
            if (pattern.test(line)) violations.push(`${path.relative(PROJECT_ROOT, file)}:${i + 1}: ${what}`);
          }
        });
    }
    expect(violations).to.deep.equal([]);
  });

  it('would catch a focused test', () => {
    expect(FORBIDDEN[0][1].test(`  it.${'on'}ly('x', () => {});`)).to.equal(true);
    expect(FORBIDDEN[1][1].test(`  describe.${'sk'}ip('x', () => {});`)).to.equal(true);
  });
});
