/**
 * `@ferric/rpc-transports`: conductor RPC between processes, behind `@ferric/conductor`'s
 * `ConductorRpc` contract — {@link JsonRpcTransport} (Ironic's `json-rpc`, HTTP) and
 * {@link AmqpTransport} (Ironic's `oslo` messaging, RabbitMQ). Typed errors survive the wire.
 * @packageDocumentation
 */

export { AmqpTransport, type AmqpTransportOptions } from './amqp.js';
export { decode, encode } from './codec.js';
export { dispatch, RPC_METHODS } from './dispatch.js';
export { generateRpcToken, JsonRpcTransport, type JsonRpcTransportOptions } from './json-rpc.js';
export { isLoopback } from './loopback.js';
export { redactResult } from './redact.js';
export { fromWireError, isWireError, toWireError, type WireError } from './wire-errors.js';
