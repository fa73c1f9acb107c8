// bin/configs' flags as kafka-configs.sh takes them for SCRAM users.
import { expect } from 'chai';
import { parseConfigsArgs, UsageError } from '../../lib/cli/configs';

const USERS = ['--entity-type', 'users', '--entity-name', 'alice'];

describe('bin/configs flags', () => {
  it('reads --add-config entries (commas inside brackets belong to the entry), with 4096 iterations by default', () => {
    const args = parseConfigsArgs([
      '--bootstrap-server',
      'localhost:9093',
      '--alter',
      ...USERS,
      '--add-config',
      'SCRAM-SHA-256=[password=a],SCRAM-SHA-512=[iterations=8192,password=p]',
    ]);
    expect(args.add.map((a) => [a.mechanism, a.iterations])).to.deep.equal([
      ['SCRAM-SHA-256', 4096],
      ['SCRAM-SHA-512', 8192],
    ]);
    expect(args.add[1].password).to.equal('p');
  });

  it('reads --delete-config and --zookeeper with a digest credential', () => {
    const args = parseConfigsArgs([
      '--zookeeper',
      'localhost:2181/kafka',
      '--digest',
      'kafka:secret',
      '--alter',
      ...USERS,
      '--delete-config',
      'SCRAM-SHA-512,SCRAM-SHA-256',
    ]);
    expect(args).to.deep.include({ zookeeper: 'localhost:2181/kafka', digest: 'kafka:secret', action: 'alter' });
    expect(args.remove).to.deep.equal(['SCRAM-SHA-512', 'SCRAM-SHA-256']);
  });

  it('refuses what kafka-configs.sh refuses', () => {
    const refuse = (argv: string[]): string => {
      try {
        parseConfigsArgs(argv);
      } catch (error) {
        expect(error).to.be.instanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refuse(['--alter', ...USERS, '--add-config', 'SCRAM-SHA-512=[password=p]'])).to.match(/exactly one of/);
    expect(refuse(['--zookeeper', 'z:1', '--alter', ...USERS])).to.match(/--add-config or --delete-config/);
    expect(refuse(['--zookeeper', 'z:1', '--alter', ...USERS, '--add-config', 'GSSAPI=[password=p]'])).to.match(
      /not a SCRAM mechanism/,
    );
    expect(
      refuse(['--zookeeper', 'z:1', '--alter', ...USERS, '--add-config', 'SCRAM-SHA-512=[iterations=9]']),
    ).to.match(/needs \[password=/);
    expect(refuse(['--zookeeper', 'z:1', '--describe', '--entity-type', 'topics'])).to.match(/--entity-type users/);
  });
});
