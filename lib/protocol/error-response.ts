// What a client gets when its request failed as a whole (Kafka's AbstractRequest.getErrorResponse),
// derived once for every API from its request and response schemas: every field at its default
// for the version, every errorCode field set to the code, and every response list whose entries
// carry an error code mirroring the request list that names those entries (one partition answer
// per partition asked about), so a client finds the error where it looks for its answer.
import type { ApiSpec } from './api-spec';
import { ApiKey } from './api-keys';
import { defaultFactory, FieldSchema, inVersions } from './schema-types';

type Body = Record<string, unknown>;

/** Scalar fields that name an entry; they are copied from a request entry to its response entry. */
const KEY_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'topic',
  'topicName',
  'topicId',
  'partition',
  'partitionIndex',
  'index',
  'key',
  'groupId',
  'memberId',
  'groupInstanceId',
  'resourceType',
  'resourceName',
]);

/** Where the generic rule is not what the API's clients expect. */
interface ErrorResponseRule {
  /** A request that is never answered (Produce with acks=0). */
  unanswered?(request: Body): boolean;
  /** Only top-level fields: the response lists partitions in a shape the request does not have. */
  topLevelOnly?: boolean;
  /** The response has one entry per distinct name the request's lists hold (Kafka's per-user answers). */
  perName?: { lists: readonly string[]; answer: string; key: string };
  /** Response lists answering a request list entry for entry though no key field names them. */
  inOrder?: Readonly<Record<string, string>>;
}

const RULES: ReadonlyMap<number, ErrorResponseRule> = new Map<number, ErrorResponseRule>([
  [ApiKey.PRODUCE, { unanswered: (request) => request.acks === 0 }],
  // Flat partition lists answering per-topic requests; Samsa's controller reads the top-level code.
  [ApiKey.LEADER_AND_ISR, { topLevelOnly: true }],
  [ApiKey.STOP_REPLICA, { topLevelOnly: true }],
  // Kafka answers a failed AlterIsr with its top-level code alone.
  [ApiKey.ALTER_ISR, { topLevelOnly: true }],
  // One result per user named in the deletions and upsertions.
  [
    ApiKey.ALTER_USER_SCRAM_CREDENTIALS,
    { topLevelOnly: true, perName: { lists: ['deletions', 'upsertions'], answer: 'results', key: 'user' } },
  ],
  // One result per creation or filter, in request order (Kafka's CreateAcls/DeleteAcls getErrorResponse).
  [ApiKey.CREATE_ACLS, { inOrder: { results: 'creations' } }],
  [ApiKey.DELETE_ACLS, { inOrder: { filterResults: 'filters' } }],
]);

/**
 * The response body `spec` answers `request` (of `version`) with when it failed as a whole with
 * `errorCode`; null when no response is sent at all.
 */
export function errorResponseFor<Req, Res>(
  spec: ApiSpec<Req, Res>,
  request: Req,
  version: number,
  errorCode: number,
): Res | null {
  const rule = RULES.get(spec.apiKey) ?? {};
  const body = request as unknown as Body;
  if (rule.unanswered?.(body)) return null;
  const requestFields = rule.topLevelOnly ? [] : spec.requestSchema.fields;
  const response = buildEntry(spec.responseSchema.fields, requestFields, body, version, errorCode, rule.inOrder);
  if (rule.perName) response[rule.perName.answer] = perNameAnswers(spec, rule.perName, body, version, errorCode);
  return response as Res;
}

function perNameAnswers(
  spec: ApiSpec<unknown, unknown>,
  rule: NonNullable<ErrorResponseRule['perName']>,
  request: Body,
  version: number,
  errorCode: number,
): Body[] {
  const names = new Set(rule.lists.flatMap((list) => ((request[list] as Body[] | undefined) ?? []).map((e) => e.name)));
  const entryFields = spec.responseSchema.fields.find((f) => f.name === rule.answer)?.fields ?? [];
  return [...names].map((name) => ({
    ...buildEntry(entryFields, [], undefined, version, errorCode),
    [rule.key]: name,
  }));
}

function buildEntry(
  fields: readonly FieldSchema[],
  requestFields: readonly FieldSchema[],
  request: Body | undefined,
  version: number,
  errorCode: number,
  inOrder: Readonly<Record<string, string>> = {},
): Body {
  const partners = pairLists(fields, requestFields, version);
  for (const [list, partner] of Object.entries(inOrder)) {
    const source = requestFields.find((f) => f.name === partner);
    if (source) partners.set(list, source);
  }
  const out: Body = {};
  for (const field of fields) {
    const partner = partners.get(field.name);
    if (partner && request) out[field.name] = mirrorList(field, partner, request[partner.name], version, errorCode);
    else out[field.name] = fieldValue(field, requestFields, request, version, errorCode);
  }
  return out;
}

function fieldValue(
  field: FieldSchema,
  requestFields: readonly FieldSchema[],
  request: Body | undefined,
  version: number,
  errorCode: number,
): unknown {
  if (field.name === 'errorCode' && field.type === 'int16') return errorCode;
  if (field.type === 'struct') return buildEntry(field.fields ?? [], [], undefined, version, errorCode);
  const source = requestFields.find((f) => f.name === field.name);
  if (request && source && isCopyableKey(field, source, request[field.name], version)) return request[field.name];
  return defaultAt(field, version);
}

function isCopyableKey(field: FieldSchema, source: FieldSchema, value: unknown, version: number): boolean {
  if (!KEY_FIELDS.has(field.name) || source.type !== field.type || value === undefined) return false;
  if (!inVersions(source.versions, version) || !inVersions(field.versions, version)) return false;
  return value !== null || inVersions(field.nullableVersions, version);
}

/**
 * Pairs each response list that carries error codes with the request list naming its entries:
 * the same-named one, else the first unclaimed request list whose entries can name the response
 * entries (structs sharing a key field, or scalars of a key field's type).
 */
function pairLists(
  fields: readonly FieldSchema[],
  requestFields: readonly FieldSchema[],
  version: number,
): Map<string, FieldSchema> {
  const lists = fields.filter((f) => f.type === '[]struct' && inVersions(f.versions, version) && carriesErrorCode(f));
  const candidates = requestFields.filter((f) => f.type.startsWith('[]') && inVersions(f.versions, version));
  const pairs = new Map<string, FieldSchema>();
  const claimed = new Set<string>();
  const claim = (list: FieldSchema, partner: FieldSchema | undefined): void => {
    if (!partner || claimed.has(partner.name)) return;
    pairs.set(list.name, partner);
    claimed.add(partner.name);
  };
  for (const list of lists)
    claim(
      list,
      candidates.find((c) => c.name === list.name && namesEntriesOf(c, list, version)),
    );
  for (const list of lists) {
    if (!pairs.has(list.name))
      claim(
        list,
        candidates.find((c) => !claimed.has(c.name) && namesEntriesOf(c, list, version)),
      );
  }
  return pairs;
}

function carriesErrorCode(field: FieldSchema): boolean {
  return (field.fields ?? []).some((f) => (f.name === 'errorCode' && f.type === 'int16') || carriesErrorCode(f));
}

function namesEntriesOf(requestList: FieldSchema, responseList: FieldSchema, version: number): boolean {
  const keys = entryKeys(responseList, version);
  if (requestList.type === '[]struct')
    return entryKeys(requestList, version).some((k) => keys.some((r) => r.name === k.name && r.type === k.type));
  return scalarKey(requestList, responseList, version) !== undefined;
}

function entryKeys(list: FieldSchema, version: number): FieldSchema[] {
  return (list.fields ?? []).filter((f) => KEY_FIELDS.has(f.name) && inVersions(f.versions, version));
}

/** The response entry's first key field a request list of scalars fills ([]int32 -> partitionIndex). */
function scalarKey(requestList: FieldSchema, responseList: FieldSchema, version: number): FieldSchema | undefined {
  const elementType = requestList.type.slice(2);
  return entryKeys(responseList, version).find((k) => k.type === elementType);
}

function mirrorList(
  field: FieldSchema,
  partner: FieldSchema,
  requested: unknown,
  version: number,
  errorCode: number,
): Body[] {
  if (!Array.isArray(requested)) return [];
  const entryFields = field.fields ?? [];
  if (partner.type === '[]struct') {
    return requested.map((entry: Body) => buildEntry(entryFields, partner.fields ?? [], entry, version, errorCode));
  }
  const key = scalarKey(partner, field, version) as FieldSchema;
  return requested.map((value: unknown) => buildEntry(entryFields, [key], { [key.name]: value }, version, errorCode));
}

/**
 * A field's value when nothing sets it: its schema default (unless null where the version does
 * not allow it), null for a string nullable in this version (no message, no name), else the
 * zero value of its type (an empty record set, as Kafka sends, rather than a null one).
 */
export function defaultAt(field: FieldSchema, version: number): unknown {
  const nullable = inVersions(field.nullableVersions, version);
  if (field.default === null && !nullable)
    return defaultFactory({ ...field, default: undefined, nullableVersions: undefined })();
  if (field.default !== undefined) return field.default;
  if (field.type === 'string' && nullable) return null;
  return defaultFactory({ ...field, nullableVersions: undefined })();
}
