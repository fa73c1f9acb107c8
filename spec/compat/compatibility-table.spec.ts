// Proves the README's "Compatibility" section cannot drift from the spec suite: the README holds
// exactly the blocks rendered from spec/compat/compatibility.ts and java-client.ts; every spec
// file the table cites exists, drives that client, and contains the texts cited as exercising
// the capability; the installed kcat, kafkajs and kafka-python are the versions the table and
// the README's opening name; and the Java client's table rests on what Samsa really serves.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/broker';
import { runOk } from '../helpers/processes';
import { CAPABILITIES, COMPATIBILITY, ClientId, isChecked, README_BLOCKS } from './compatibility';
import { JAVA_API_USES, kafka22Newest, samsaServes } from './java-client';

/** How a spec file shows it runs each client: imports its helper or module, or spawns it. */
const DRIVES: Record<ClientId, (source: string) => boolean> = {
  kcat: (s) => s.includes("from '../helpers/kcat'") || s.includes("run('kcat'"),
  kafkajs: (s) => s.includes("from 'kafkajs'"),
  'kafka-python': (s) =>
    s.includes("from '../helpers/kafka-python'") ||
    (s.includes("'/usr/bin/python3'") && s.includes('from kafka import')),
};

/** The version of each client installed here, in the form the table writes it. */
const INSTALLED: Record<ClientId, () => Promise<string>> = {
  kcat: async () => {
    const out = await runOk('kcat', ['-V'], { timeoutMs: 10000 });
    const found = /Version (\S+) .*librdkafka (\S+)/.exec(out);
    expect(found, `kcat -V printed:\n${out}`).to.not.equal(null);
    return `${found?.[1]} (librdkafka ${found?.[2]})`;
  },
  kafkajs: async () =>
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'kafkajs', 'package.json'), 'utf8'))
      .version as string,
  'kafka-python': async () =>
    (await runOk('/usr/bin/python3', ['-c', 'import kafka; print(kafka.__version__)'], { timeoutMs: 30000 })).trim(),
};

function readme(): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
}

/** The README's text between `begin` and `end`, which must each occur once. */
function readmeBlock(begin: string, end: string): string {
  const text = readme();
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  expect(from, `README.md has ${begin}`).to.be.at.least(0);
  expect(to, `README.md has ${end} after ${begin}`).to.be.greaterThan(from);
  expect(text.indexOf(begin, from + 1), `one ${begin} only`).to.equal(-1);
  return text.slice(from + begin.length, to).replace(/^\n/, '');
}

describe('README compatibility table', () => {
  for (const block of README_BLOCKS) {
    it(`holds exactly the block rendered between ${block.begin} and its end marker`, () => {
      expect(
        readmeBlock(block.begin, block.end),
        'refresh README.md with `node dist/spec/compat/compatibility.js --render`',
      ).to.equal(block.render());
    });
  }

  it('names in its opening each client the specs run, with the version they run', () => {
    const opening = readme().split('\n## ')[0];
    for (const client of COMPATIBILITY) expect(opening, 'README opening').to.include(`${client.id} ${client.version}`);
  });

  it('lists each client once, with a cell for every capability', () => {
    expect(COMPATIBILITY.map((c) => c.id)).to.deep.equal([...new Set(COMPATIBILITY.map((c) => c.id))]);
    for (const client of COMPATIBILITY)
      expect(Object.keys(client.cells).sort(), client.id).to.deep.equal([...CAPABILITIES].sort());
  });

  for (const client of COMPATIBILITY) {
    it(`cites for ${client.id} only spec files that drive it and contain the cited texts`, () => {
      let cited = 0;
      for (const capability of CAPABILITIES) {
        const cell = client.cells[capability];
        if (!isChecked(cell)) continue;
        expect(cell.specs, `${client.id} ${capability}: at least one spec`).to.not.be.empty;
        for (const evidence of cell.specs) {
          const where = `${client.id} ${capability}: ${evidence.file}`;
          expect(evidence.file, where).to.match(/^spec\/.+\.spec\.ts$/);
          const file = path.join(PROJECT_ROOT, evidence.file);
          expect(fs.existsSync(file), `${where} exists`).to.equal(true);
          const source = fs.readFileSync(file, 'utf8');
          expect(DRIVES[client.id](source), `${where} drives ${client.id}`).to.equal(true);
          expect(evidence.shows, `${where}: cited texts`).to.not.be.empty;
          for (const text of evidence.shows)
            expect(source.includes(text), `${where} contains ${JSON.stringify(text)}`).to.equal(true);
          cited++;
        }
      }
      expect(cited, `${client.id}: cited specs`).to.be.greaterThan(0);
    });

    it(`names the ${client.id} version installed here`, async () => {
      expect(await INSTALLED[client.id](), `${client.id} installed; the table says ${client.version}`).to.equal(
        client.version,
      );
    });
  }

  it("bases the Java client's table on versions Samsa serves from 0 up to at least Kafka 2.2's newest", () => {
    // Kafka 4.0's Java client keeps every API down to (at most) Kafka 2.1's newest version
    // (KIP-896), so a Java client of any release finds a version Samsa serves.
    for (const use of JAVA_API_USES) {
      const served = samsaServes(use.api);
      expect(served.min, `${use.api}: Samsa's lowest served version`).to.equal(0);
      expect(served.max, `${use.api}: Samsa's highest served version`).to.be.at.least(kafka22Newest(use));
      const releases = use.newestByRelease.map(([release]) => release);
      expect(releases, `${use.api}: releases in order`).to.deep.equal(
        [...releases].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
      );
    }
  });
});
