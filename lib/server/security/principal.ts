// Who a connection acts as (Kafka's KafkaPrincipal): "User:ANONYMOUS" on PLAINTEXT, "User:<DN>" of
// the client certificate on SSL with client auth, "User:<name>" after SASL. ACLs and super.users
// name principals in the same "Type:name" form.

export interface KafkaPrincipal {
  readonly principalType: string;
  readonly name: string;
}

export const ANONYMOUS: KafkaPrincipal = { principalType: 'User', name: 'ANONYMOUS' };

export function userPrincipal(name: string): KafkaPrincipal {
  return { principalType: 'User', name };
}

export function principalToString(principal: KafkaPrincipal): string {
  return `${principal.principalType}:${principal.name}`;
}

/** Parses "Type:name" (the name may itself contain colons, as a DN can). */
export function parsePrincipal(text: string): KafkaPrincipal {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw new Error(`'${text}' is not a principal of the form Type:name`);
  return { principalType: text.slice(0, colon), name: text.slice(colon + 1) };
}
