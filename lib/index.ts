// Samsa's public package surface: the client library and the broker for embedding.
export * from './client';
export { Broker } from './server/broker';
export { buildBrokerConfig, ConfigError } from './server/config';
export type { BrokerConfig } from './server/config';
export { KafkaError } from './protocol/kafka-error';
export { ErrorCode } from './protocol/error-codes';
