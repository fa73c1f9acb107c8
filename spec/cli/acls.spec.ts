// Proves bin/acls reads kafka-acls.sh's flags: principals with their permission, hosts,
// operations (Kafka's names in any case), resources and pattern types, and refuses what
// kafka-acls.sh refuses (no action, --add without a principal or resource, --add with a filter
// pattern type, unknown operations). The flags against a broker are in server/security's specs.
import { expect } from 'chai';
import { parseAclsArgs } from '../../lib/cli/acls';
import { UsageError } from '../../lib/cli/flags';

const B = ['--bootstrap-server', '127.0.0.1:9092'];

describe('bin/acls flags', () => {
  it('reads an --add with principals, hosts, operations and several resources', () => {
    const args = parseAclsArgs([
      ...B,
      '--add',
      '--allow-principal',
      'User:alice',
      '--deny-principal',
      'User:bob',
      '--deny-host',
      '10.0.0.9',
      '--operation',
      'read',
      '--operation',
      'IdempotentWrite',
      '--topic',
      'orders',
      '--group',
      'g1',
      '--cluster',
      '--resource-pattern-type',
      'prefixed',
    ]);
    expect(args.action).to.equal('add');
    expect(args.principals).to.deep.equal([
      { principal: 'User:alice', permission: 'Allow' },
      { principal: 'User:bob', permission: 'Deny' },
    ]);
    expect(args.denyHosts).to.deep.equal(['10.0.0.9']);
    expect(args.operations).to.deep.equal(['Read', 'IdempotentWrite']);
    expect(args.resources).to.deep.equal([
      { resourceType: 'Topic', name: 'orders' },
      { resourceType: 'Group', name: 'g1' },
      { resourceType: 'Cluster', name: 'kafka-cluster' },
    ]);
    expect(args.patternType).to.equal('PREFIXED');
  });

  it('lists everything without a resource, and takes --force with --remove', () => {
    expect(parseAclsArgs([...B, '--list']).resources).to.deep.equal([]);
    expect(parseAclsArgs([...B, '--remove', '--topic', 'orders', '--force']).action).to.equal('remove');
  });

  it('reaches ZooKeeper instead of a broker with --authorizer-properties zookeeper.connect=...', () => {
    const args = parseAclsArgs([
      '--authorizer-properties',
      'zookeeper.connect=127.0.0.1:2181/kafka',
      '--authorizer-properties',
      'zookeeper.set.acl=true',
      '--list',
    ]);
    expect(args.bootstrapServer).to.equal('');
    expect(args.authorizerProperties).to.deep.equal({
      'zookeeper.connect': '127.0.0.1:2181/kafka',
      'zookeeper.set.acl': 'true',
    });
    expect(() => parseAclsArgs([...B, '--authorizer-properties', 'zookeeper.connect=z:2181', '--list'])).to.throw(
      UsageError,
    );
  });

  it('refuses what kafka-acls.sh refuses', () => {
    const refused = [
      [...B],
      ['--list'],
      [...B, '--add', '--topic', 'orders'],
      [...B, '--add', '--allow-principal', 'User:alice'],
      [...B, '--add', '--allow-principal', 'User:alice', '--topic', 't', '--resource-pattern-type', 'match'],
      [...B, '--list', '--operation', 'Juggle'],
      [...B, '--remove'],
      [...B, '--list', '--add'],
    ];
    for (const argv of refused) expect(() => parseAclsArgs(argv), argv.join(' ')).to.throw(UsageError);
  });
});
