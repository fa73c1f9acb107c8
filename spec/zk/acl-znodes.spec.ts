// Proves ACLs are kept in ZooKeeper as Kafka 2.8's AclAuthorizer keeps them: Kafka's JSON in
// /kafka-acl/<ResourceType>/<name> (literal) and /kafka-acl-extended/prefixed/... (prefixed),
// a sequential change notification per change (literal: "TOPIC:name" under /kafka-acl-changes;
// prefixed: a JSON event under /kafka-acl-extended-changes), concurrent updates merged through
// conditional writes, the znode deleted when its last ACL goes, every pattern read back, and
// old notifications purged.
import { expect } from 'chai';
import type { AclEntry, ResourcePattern } from '../../lib/protocol/acl-types';
import {
  AclPaths,
  decodeAclChange,
  ensureAclPaths,
  readAclChanges,
  purgeAclChanges,
  readAllAcls,
  updateResourceAcls,
} from '../../lib/zk/acl-znodes';
import type { ZkSession } from '../../lib/zk/session';
import { openZkSession, zkChroot } from '../helpers/zookeeper';

const orders: ResourcePattern = { resourceType: 'Topic', name: 'orders', patternType: 'LITERAL' };
const ordPrefix: ResourcePattern = { resourceType: 'Topic', name: 'ord', patternType: 'PREFIXED' };
const entry = (principal: string, operation: AclEntry['operation'] = 'Read'): AclEntry => ({
  principal,
  permissionType: 'Allow',
  operation,
  host: '*',
});

describe('zk/acl-znodes', () => {
  const sessions: ZkSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  async function open(connectString: string): Promise<ZkSession> {
    const session = await openZkSession(connectString);
    sessions.push(session);
    return session;
  }

  it("writes Kafka's JSON and a literal change notification naming the resource", async () => {
    const session = await open(zkChroot('acl-literal'));
    await ensureAclPaths(session);
    await updateResourceAcls(session, orders, (current) => [...current, entry('User:alice', 'Write')]);
    const { data } = await session.getData('/kafka-acl/Topic/orders');
    expect(JSON.parse(String(data))).to.deep.equal({
      version: 1,
      acls: [{ principal: 'User:alice', permissionType: 'Allow', operation: 'Write', host: '*' }],
    });
    const changes = await session.getChildren(AclPaths.literalChanges);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.match(/^acl_changes_\d{10}$/);
    const change = await session.getData(`${AclPaths.literalChanges}/${changes[0]}`);
    expect(String(change.data)).to.equal('TOPIC:orders');
    expect(decodeAclChange(`${AclPaths.literalChanges}/${changes[0]}`, change.data)).to.deep.equal(orders);
  });

  it('keeps prefixed patterns under /kafka-acl-extended/prefixed with a JSON change event', async () => {
    const session = await open(zkChroot('acl-prefixed'));
    await ensureAclPaths(session);
    await updateResourceAcls(session, ordPrefix, () => [entry('User:bob')]);
    const { data } = await session.getData('/kafka-acl-extended/prefixed/Topic/ord');
    expect(JSON.parse(String(data)).acls).to.deep.equal([
      { principal: 'User:bob', permissionType: 'Allow', operation: 'Read', host: '*' },
    ]);
    const changes = await readAclChanges(session, AclPaths.extendedChanges, '');
    expect(changes.map((c) => c.pattern)).to.deep.equal([ordPrefix]);
    const raw = await session.getData(`${AclPaths.extendedChanges}/${changes[0].name}`);
    expect(JSON.parse(String(raw.data))).to.deep.equal({
      version: 1,
      resourceType: 'TOPIC',
      name: 'ord',
      patternType: 'PREFIXED',
    });
  });

  it('merges concurrent additions from several sessions through conditional writes', async () => {
    const connectString = zkChroot('acl-race');
    const writers = await Promise.all([1, 2, 3, 4].map(() => open(connectString)));
    await ensureAclPaths(writers[0]);
    await Promise.all(
      writers.map((s, i) => updateResourceAcls(s, orders, (current) => [...current, entry(`User:u${i}`)])),
    );
    const all = await readAllAcls(writers[0]);
    expect(all).to.have.length(1);
    expect(all[0].entries.map((e) => e.principal).sort()).to.deep.equal(['User:u0', 'User:u1', 'User:u2', 'User:u3']);
  });

  it('deletes the znode when its last ACL is removed, and writes nothing when nothing changes', async () => {
    const session = await open(zkChroot('acl-remove'));
    await ensureAclPaths(session);
    await updateResourceAcls(session, orders, () => [entry('User:alice')]);
    await updateResourceAcls(session, orders, (current) => [...current]);
    expect(await session.getChildren(AclPaths.literalChanges)).to.have.length(1);
    const before = await updateResourceAcls(session, orders, () => []);
    expect(before).to.deep.equal([entry('User:alice')]);
    expect(await session.exists('/kafka-acl/Topic/orders')).to.equal(null);
    expect(await session.getChildren(AclPaths.literalChanges)).to.have.length(2);
    expect(await readAllAcls(session)).to.deep.equal([]);
  });

  it('purges change notifications created before the cutoff, and only those', async () => {
    const session = await open(zkChroot('acl-purge'));
    await updateResourceAcls(session, orders, () => [entry('User:alice')]);
    expect(await purgeAclChanges(session, AclPaths.literalChanges, Date.now() - 15 * 60 * 1000)).to.equal(0);
    expect(await session.getChildren(AclPaths.literalChanges)).to.have.length(1);
    const { ctimeMs } = (await session.exists(
      AclPaths.literalChanges + '/' + (await session.getChildren(AclPaths.literalChanges))[0],
    ))!;
    expect(await purgeAclChanges(session, AclPaths.literalChanges, ctimeMs + 1)).to.equal(1);
    expect(await session.getChildren(AclPaths.literalChanges)).to.deep.equal([]);
  });
});
