// PLAIN (RFC 4616): one token "[authzid] NUL user NUL password", checked against the JAAS
// user_<name> entries. Both sides of the comparison are hashed first, so the time taken depends
// neither on where the passwords differ nor on whether the user exists.
import * as crypto from 'node:crypto';
import { SaslFailure, type SaslMechanismServer, type SaslStep } from './sasl-mechanism';

const UNKNOWN_USER_PASSWORD = crypto.randomBytes(32).toString('hex');

export class PlainServer implements SaslMechanismServer {
  constructor(private readonly passwordOf: (user: string) => string | undefined) {}

  evaluate(token: Buffer): SaslStep {
    const parts = token.toString('utf8').split('\0');
    if (parts.length !== 3) throw new SaslFailure('Invalid SASL/PLAIN response: expected 3 tokens', null);
    const [authzid, user, password] = parts;
    if (user === '') throw new SaslFailure('Authentication failed: username not specified', null);
    if (password === '') throw new SaslFailure('Authentication failed: password not specified', user);
    if (authzid !== '' && authzid !== user) {
      throw new SaslFailure(
        'Authentication failed: Client requested an authorization id that is different from username',
        user,
      );
    }
    const expected = this.passwordOf(user);
    const same = crypto.timingSafeEqual(digest(password), digest(expected ?? UNKNOWN_USER_PASSWORD));
    if (!same || expected === undefined)
      throw new SaslFailure('Authentication failed: Invalid username or password', user);
    return { done: true, token: Buffer.alloc(0), user };
  }
}

function digest(text: string): Buffer {
  return crypto.createHash('sha256').update(text, 'utf8').digest();
}
