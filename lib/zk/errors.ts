// Typed errors of the ZooKeeper layer. Callers branch on `code` (ZooKeeper's own names) or on
// the subclass, never on message text.

export type ZkErrorCode =
  | 'SYSTEM_ERROR'
  | 'RUNTIME_INCONSISTENCY'
  | 'DATA_INCONSISTENCY'
  | 'CONNECTION_LOSS'
  | 'MARSHALLING_ERROR'
  | 'UNIMPLEMENTED'
  | 'OPERATION_TIMEOUT'
  | 'BAD_ARGUMENTS'
  | 'API_ERROR'
  | 'NO_NODE'
  | 'NO_AUTH'
  | 'BAD_VERSION'
  | 'NO_CHILDREN_FOR_EPHEMERALS'
  | 'NODE_EXISTS'
  | 'NOT_EMPTY'
  | 'SESSION_EXPIRED'
  | 'INVALID_CALLBACK'
  | 'INVALID_ACL'
  | 'AUTH_FAILED';

const CODE_BY_NUMBER: ReadonlyMap<number, ZkErrorCode> = new Map<number, ZkErrorCode>([
  [-1, 'SYSTEM_ERROR'],
  [-2, 'RUNTIME_INCONSISTENCY'],
  [-3, 'DATA_INCONSISTENCY'],
  [-4, 'CONNECTION_LOSS'],
  [-5, 'MARSHALLING_ERROR'],
  [-6, 'UNIMPLEMENTED'],
  [-7, 'OPERATION_TIMEOUT'],
  [-8, 'BAD_ARGUMENTS'],
  [-100, 'API_ERROR'],
  [-101, 'NO_NODE'],
  [-102, 'NO_AUTH'],
  [-103, 'BAD_VERSION'],
  [-108, 'NO_CHILDREN_FOR_EPHEMERALS'],
  [-110, 'NODE_EXISTS'],
  [-111, 'NOT_EMPTY'],
  [-112, 'SESSION_EXPIRED'],
  [-113, 'INVALID_CALLBACK'],
  [-114, 'INVALID_ACL'],
  [-115, 'AUTH_FAILED'],
]);

/** Codes after which the same request may succeed on a later attempt with the same session. */
const RETRIABLE: ReadonlySet<ZkErrorCode> = new Set<ZkErrorCode>(['CONNECTION_LOSS', 'OPERATION_TIMEOUT']);

export function zkErrorCodeOf(numericCode: number): ZkErrorCode {
  return CODE_BY_NUMBER.get(numericCode) ?? 'SYSTEM_ERROR';
}

/** A failed ZooKeeper request. `opIndex` is set for a failed multi: the op that failed. */
export class ZkError extends Error {
  readonly code: ZkErrorCode;
  readonly path: string | null;
  readonly opIndex: number | null;

  constructor(code: ZkErrorCode, message: string, path: string | null = null, opIndex: number | null = null) {
    super(message);
    this.name = 'ZkError';
    this.code = code;
    this.path = path;
    this.opIndex = opIndex;
  }

  get retriable(): boolean {
    return RETRIABLE.has(this.code);
  }
}

export function isZkError(error: unknown, code?: ZkErrorCode): error is ZkError {
  return error instanceof ZkError && (code === undefined || error.code === code);
}

/** A znode holds data that does not follow Kafka's format for that path. */
export class ZnodeFormatError extends Error {
  readonly path: string;

  constructor(path: string, reason: string, data?: Buffer | null) {
    const shown = data ? ` (data: ${JSON.stringify(data.toString('utf8').slice(0, 200))})` : '';
    super(`malformed znode ${path}: ${reason}${shown}`);
    this.name = 'ZnodeFormatError';
    this.path = path;
  }
}

/** `/brokers/ids/<id>` is held by a live session other than ours. */
export class BrokerIdInUseError extends Error {
  readonly brokerId: number;
  readonly ownerSessionId: string;

  constructor(brokerId: number, ownerSessionId: string) {
    super(
      `broker.id ${brokerId} is already registered in ZooKeeper by another broker (session 0x${ownerSessionId}); ` +
        'choose another broker.id or stop the other broker',
    );
    this.name = 'BrokerIdInUseError';
    this.brokerId = brokerId;
    this.ownerSessionId = ownerSessionId;
  }
}

/** `/brokers/topics/<t>` already exists (Kafka's TOPIC_ALREADY_EXISTS). */
export class TopicExistsError extends Error {
  readonly topic: string;

  constructor(topic: string) {
    super(`topic '${topic}' already exists`);
    this.name = 'TopicExistsError';
    this.topic = topic;
  }
}

/**
 * The `/controller_epoch` check that guards a controller write failed: another controller has
 * been elected since. It is a BAD_VERSION ZkError so generic handling still sees the ZooKeeper code.
 */
export class ControllerMovedError extends ZkError {
  constructor(expectedEpochZkVersion: number) {
    super(
      'BAD_VERSION',
      `controller moved: /controller_epoch is no longer at zkVersion ${expectedEpochZkVersion}`,
      '/controller_epoch',
      0,
    );
    this.name = 'ControllerMovedError';
  }
}
