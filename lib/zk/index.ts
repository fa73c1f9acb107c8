// lib/zk owns Samsa's ZooKeeper access: the session wrapper (session.ts), the one catalogue of
// Kafka's znode paths and JSON (znodes.ts), and small accessors split by caller (broker registry,
// controller election and fencing, topic store). It must not hold cluster state or make
// decisions (leader choice, assignment): callers own that. Nothing outside lib/zk builds znode
// paths or JSON, or imports node-zookeeper-client.
export * from './errors';
export * from './session';
export * from './znodes';
export * from './broker-registry';
export * from './controller-election';
export * from './topic-znodes';
export * from './log-dir-events';
export * from './acl';
export * from './acl-znodes';
