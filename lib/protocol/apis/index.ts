// Every API whose codec Samsa has, by key. The dispatcher and the ApiVersions handler read
// this list; an API missing here is neither decoded nor advertised.
import { ApiSpec } from '../api-spec';
import { apiVersionsApi } from './api-versions';
import { createTopicsApi } from './create-topics';
import { deleteTopicsApi } from './delete-topics';
import { fetchApi } from './fetch';
import { listOffsetsApi } from './list-offsets';
import { metadataApi } from './metadata';
import { produceApi } from './produce';

export * from './api-versions';
export * from './create-topics';
export * from './delete-topics';
export * from './fetch';
export * from './list-offsets';
export * from './metadata';
export * from './produce';

export const API_SPECS: readonly ApiSpec[] = [
  produceApi,
  fetchApi,
  listOffsetsApi,
  metadataApi,
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
];

const byKey = new Map<number, ApiSpec>(API_SPECS.map((spec) => [spec.apiKey, spec]));
if (byKey.size !== API_SPECS.length) throw new Error('two API specs share an api key');

export function apiSpecFor(apiKey: number): ApiSpec | undefined {
  return byKey.get(apiKey);
}
