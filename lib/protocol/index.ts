// lib/protocol owns the Kafka wire format: framing-level headers, the message schemas and the
// generic walker that encodes and decodes them, the error-code table, and record batches as
// opaque bytes. It decodes and encodes; it never decides what a request means (that is
// server/handlers) and it imports nothing from the layers above it (only util).
export * from './api-keys';
export * from './api-spec';
export * from './apis/index';
export * from './compression';
export * from './consumer-protocol';
export * from './error-codes';
export * from './header';
export * from './kafka-error';
export * from './protocol-error';
export * from './reader';
export * from './records';
export * from './schema';
export * from './writer';
