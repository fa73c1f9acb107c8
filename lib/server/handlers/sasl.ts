// SaslHandshake and SaslAuthenticate: the connection's SASL state machine answers both
// (server/security/sasl-authenticator.ts); a failure's response is followed by the connection's close.
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../protocol/apis/sasl-handshake';
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../protocol/apis/sasl-authenticate';

export function handleSaslHandshake(services: BrokerServices) {
  return (ctx: RequestContext, request: SaslHandshakeRequest): SaslHandshakeResponse =>
    services.sasl.handshake(ctx.connection, request.mechanism, ctx.header.apiVersion);
}

export function handleSaslAuthenticate(services: BrokerServices) {
  return (ctx: RequestContext, request: SaslAuthenticateRequest): SaslAuthenticateResponse =>
    services.sasl.authenticate(ctx.connection, request.authBytes);
}
