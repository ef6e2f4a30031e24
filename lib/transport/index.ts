/** The transport layer: the only code that touches the network. */
export { AsyncTransport } from './async';
export { SyncTransport } from './sync';
export { closeSyncBridge, configureSyncBridge, type SyncBridgeSettings } from './bridge';
export { connectException, describeUrl, type OriginRequest } from './connect-error';
export { partsBody, partsLength } from './parts-body';
export type { BodyPart, FilePart } from './exchange-types';
export type { AgentOptions, AsyncTransportOptions, HeaderPairs, TlsClientCertificate, WireBody, WireError, WireRequest, WireResponse } from './wire';
