// Proves KIP-554's broker side answers a user name ZooKeeper cannot hold (a '/' in it) as Kafka
// answers an unknown user, per user and without failing the request: describe says
// RESOURCE_NOT_FOUND, alter says UNACCEPTABLE_CREDENTIAL, and the other users in the request
// are still served.
import { expect } from 'chai';
import { ScramAdmin } from '../../../lib/server/security/scram-admin';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import type { ZkSession } from '../../../lib/zk/session';
import { openZkSession, zkChroot } from '../../helpers/zookeeper';

describe('ScramAdmin with user names ZooKeeper cannot hold', () => {
  let session: ZkSession;
  before(async () => {
    session = await openZkSession(zkChroot('scram-admin'));
  });
  after(() => session.close());

  it('describes such a user as absent and alters only the storable ones', async () => {
    const admin = new ScramAdmin(() => session);
    const salt = Buffer.from('salt');
    const saltedPassword = Buffer.alloc(64, 7);
    const altered = await admin.alter({
      deletions: [],
      upsertions: [
        { name: 'a/b', mechanism: 2, iterations: 4096, salt, saltedPassword },
        { name: 'alice', mechanism: 2, iterations: 4096, salt, saltedPassword },
      ],
    });
    expect(altered.map((r) => [r.user, r.errorCode])).to.deep.equal([
      ['a/b', ErrorCode.UNACCEPTABLE_CREDENTIAL],
      ['alice', ErrorCode.NONE],
    ]);
    const described = await admin.describe(['a/b', 'alice']);
    expect(described.map((r) => [r.user, r.errorCode])).to.deep.equal([
      ['a/b', ErrorCode.RESOURCE_NOT_FOUND],
      ['alice', ErrorCode.NONE],
    ]);
  });
});
