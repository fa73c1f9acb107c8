// The one error the codecs throw: the bytes are not a valid message for the version claimed.
// The network layer answers it by closing the connection, as Kafka does.

export type ProtocolErrorKind = 'truncated' | 'bad-length' | 'unsupported-version' | 'malformed';

export class ProtocolError extends Error {
  constructor(
    readonly kind: ProtocolErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
