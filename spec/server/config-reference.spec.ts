// Proves the README's "Broker configuration reference" cannot drift from the config table: the
// README holds, once and under that heading, exactly the block rendered from the table, and the
// block has a row for every key.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/broker';
import { CONFIG_REFERENCE_BEGIN, CONFIG_REFERENCE_END, renderConfigReference } from '../../lib/server/config-reference';
import { BROKER_CONFIG_KEYS } from '../../lib/server/config-def';

describe('README broker configuration reference', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  it('holds exactly the block rendered from the config table, under its heading', () => {
    const from = readme.indexOf(CONFIG_REFERENCE_BEGIN);
    const to = readme.indexOf(CONFIG_REFERENCE_END);
    expect(from, `README.md has ${CONFIG_REFERENCE_BEGIN}`).to.be.at.least(0);
    expect(to, `README.md has ${CONFIG_REFERENCE_END} after it`).to.be.greaterThan(from);
    expect(readme.indexOf(CONFIG_REFERENCE_BEGIN, from + 1), 'one block only').to.equal(-1);
    const heading = readme.lastIndexOf('\n## ', from);
    expect(readme.slice(heading + 1, readme.indexOf('\n', heading + 1))).to.equal('## Broker configuration reference');
    expect(
      readme.slice(from + CONFIG_REFERENCE_BEGIN.length + 1, to),
      'refresh README.md with `node dist/lib/server/config-reference.js --render`',
    ).to.equal(renderConfigReference());
  });

  it('renders one row per key', () => {
    const rows = renderConfigReference()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)?.[1])).to.deep.equal(Object.keys(BROKER_CONFIG_KEYS).sort());
  });
});
