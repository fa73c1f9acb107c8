// The authorizer's rules as Kafka 2.8's AclAuthorizer applies them: which stored patterns apply
// to a resource (literal, wildcard, prefixed), and the decision for a principal, host and
// operation (deny wins, implied operations, All, wildcard principal and host, no ACL at all);
// then the binding filters DescribeAcls and DeleteAcls select with.
import { expect } from 'chai';
import type { AclEntry, AclOperationName, ResourcePattern } from '../../../lib/protocol/acl-types';
import { allowingOperations, decide, patternMatches } from '../../../lib/server/security/acl-rules';
import { filterMatches, type AclBindingFilter } from '../../../lib/server/security/acl-filter';

const allow = (operation: AclOperationName, principal = 'User:alice', host = '*'): AclEntry => ({
  principal,
  host,
  operation,
  permissionType: 'Allow',
});
const deny = (operation: AclOperationName, principal = 'User:alice', host = '*'): AclEntry => ({
  ...allow(operation, principal, host),
  permissionType: 'Deny',
});
const alice = (operation: AclOperationName, host = '10.0.0.1') => ({ principal: 'User:alice', host, operation });

describe('ACL rules (AclAuthorizer semantics)', () => {
  describe('which patterns apply to a resource', () => {
    const topic = (name: string, patternType: ResourcePattern['patternType'] = 'LITERAL'): ResourcePattern => ({
      resourceType: 'Topic',
      name,
      patternType,
    });

    it('matches a literal name exactly and the wildcard * for every name', () => {
      expect(patternMatches(topic('orders'), 'Topic', 'orders')).to.equal(true);
      expect(patternMatches(topic('orders'), 'Topic', 'orders-eu')).to.equal(false);
      expect(patternMatches(topic('*'), 'Topic', 'anything')).to.equal(true);
    });

    it('matches a prefixed pattern on every name it starts, and never another resource type', () => {
      expect(patternMatches(topic('ord', 'PREFIXED'), 'Topic', 'orders')).to.equal(true);
      expect(patternMatches(topic('ord', 'PREFIXED'), 'Topic', 'ord')).to.equal(true);
      expect(patternMatches(topic('ord', 'PREFIXED'), 'Topic', 'payments')).to.equal(false);
      expect(patternMatches(topic('orders'), 'Group', 'orders')).to.equal(false);
      // "*" is a literal character in a prefixed pattern, not a wildcard.
      expect(patternMatches(topic('*', 'PREFIXED'), 'Topic', 'orders')).to.equal(false);
    });
  });

  describe('the decision', () => {
    it('allows what an Allow names and refuses other operations', () => {
      expect(decide([allow('Write')], alice('Write'), false)).to.equal(true);
      expect(decide([allow('Write')], alice('Read'), false)).to.equal(false);
    });

    it('lets Deny win over Allow, also a Deny of All', () => {
      expect(decide([allow('Read'), deny('Read')], alice('Read'), true)).to.equal(false);
      expect(decide([allow('All'), deny('All')], alice('Write'), true)).to.equal(false);
      expect(decide([allow('Read'), deny('Write')], alice('Read'), false)).to.equal(true);
    });

    it('implies Describe from Read, Write, Delete and Alter, and DescribeConfigs from AlterConfigs', () => {
      for (const op of ['Read', 'Write', 'Delete', 'Alter'] as const) {
        expect(decide([allow(op)], alice('Describe'), false), op).to.equal(true);
      }
      expect(decide([allow('Create')], alice('Describe'), false)).to.equal(false);
      expect(decide([allow('AlterConfigs')], alice('DescribeConfigs'), false)).to.equal(true);
      expect(decide([allow('DescribeConfigs')], alice('AlterConfigs'), false)).to.equal(false);
      expect(allowingOperations('Read')).to.deep.equal(['Read', 'All']);
    });

    it('lets All allow every operation', () => {
      for (const op of ['Read', 'Write', 'Create', 'ClusterAction', 'IdempotentWrite'] as const) {
        expect(decide([allow('All')], alice(op), false), op).to.equal(true);
      }
    });

    it('applies the wildcard principal User:* to everyone and only the named principal otherwise', () => {
      expect(decide([allow('Read', 'User:*')], alice('Read'), false)).to.equal(true);
      expect(decide([allow('Read', 'User:bob')], alice('Read'), false)).to.equal(false);
      expect(decide([allow('Read'), deny('Read', 'User:*')], alice('Read'), false)).to.equal(false);
    });

    it('matches the host exactly or through *', () => {
      expect(decide([allow('Read', 'User:alice', '10.0.0.1')], alice('Read', '10.0.0.1'), false)).to.equal(true);
      expect(decide([allow('Read', 'User:alice', '10.0.0.1')], alice('Read', '10.0.0.2'), false)).to.equal(false);
      expect(
        decide([allow('Read'), deny('Read', 'User:alice', '10.0.0.2')], alice('Read', '10.0.0.2'), false),
      ).to.equal(false);
    });

    it('answers a resource without any ACL with allow.everyone.if.no.acl.found', () => {
      expect(decide([], alice('Read'), false)).to.equal(false);
      expect(decide([], alice('Read'), true)).to.equal(true);
      // Some ACL on the resource, none for this principal: refused whatever that setting says.
      expect(decide([allow('Read', 'User:bob')], alice('Read'), true)).to.equal(false);
    });
  });

  describe('binding filters', () => {
    const any: AclBindingFilter = {
      resourceType: 'ANY',
      name: null,
      patternType: 'ANY',
      principal: null,
      host: null,
      operation: 'ANY',
      permissionType: 'ANY',
    };
    const binding = (name: string, patternType: ResourcePattern['patternType'], entry = allow('Read')) => ({
      pattern: { resourceType: 'Topic' as const, name, patternType },
      entry,
    });

    it('matches everything with ANY and nulls, and narrows by each field', () => {
      expect(filterMatches(any, binding('orders', 'LITERAL'))).to.equal(true);
      expect(filterMatches({ ...any, resourceType: 'Group' }, binding('orders', 'LITERAL'))).to.equal(false);
      expect(filterMatches({ ...any, principal: 'User:bob' }, binding('orders', 'LITERAL'))).to.equal(false);
      expect(filterMatches({ ...any, operation: 'Write' }, binding('orders', 'LITERAL'))).to.equal(false);
      expect(filterMatches({ ...any, permissionType: 'Deny' }, binding('orders', 'LITERAL'))).to.equal(false);
      expect(filterMatches({ ...any, host: '10.0.0.1' }, binding('orders', 'LITERAL'))).to.equal(false);
    });

    it('selects by exact pattern for LITERAL, PREFIXED and ANY, and every applying pattern for MATCH', () => {
      const name = { ...any, name: 'orders' };
      expect(filterMatches({ ...name, patternType: 'LITERAL' }, binding('orders', 'PREFIXED'))).to.equal(false);
      expect(filterMatches({ ...name, patternType: 'ANY' }, binding('orders', 'PREFIXED'))).to.equal(true);
      expect(filterMatches({ ...name, patternType: 'ANY' }, binding('ord', 'PREFIXED'))).to.equal(false);
      expect(filterMatches({ ...name, patternType: 'MATCH' }, binding('ord', 'PREFIXED'))).to.equal(true);
      expect(filterMatches({ ...name, patternType: 'MATCH' }, binding('*', 'LITERAL'))).to.equal(true);
      expect(filterMatches({ ...name, patternType: 'MATCH' }, binding('pay', 'PREFIXED'))).to.equal(false);
    });
  });
});
