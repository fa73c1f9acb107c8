// Every API whose codec Samsa has, by key. The dispatcher and the ApiVersions handler read
// this list; an API missing here is neither decoded nor advertised.
import { ApiSpec } from '../api-spec';
import { alterIsrApi } from './alter-isr';
import { apiVersionsApi } from './api-versions';
import { controlledShutdownApi } from './controlled-shutdown';
import { createTopicsApi } from './create-topics';
import { deleteTopicsApi } from './delete-topics';
import { fetchApi } from './fetch';
import { leaderAndIsrApi } from './leader-and-isr';
import { listOffsetsApi } from './list-offsets';
import { metadataApi } from './metadata';
import { offsetForLeaderEpochApi } from './offset-for-leader-epoch';
import { produceApi } from './produce';
import { stopReplicaApi } from './stop-replica';
import { updateMetadataApi } from './update-metadata';

export * from './alter-isr';
export * from './api-versions';
export * from './controlled-shutdown';
export * from './create-topics';
export * from './delete-topics';
export * from './fetch';
export * from './leader-and-isr';
export * from './list-offsets';
export * from './metadata';
export * from './offset-for-leader-epoch';
export * from './produce';
export * from './stop-replica';
export * from './update-metadata';

export const API_SPECS: readonly ApiSpec[] = [
  produceApi,
  fetchApi,
  listOffsetsApi,
  metadataApi,
  leaderAndIsrApi,
  stopReplicaApi,
  updateMetadataApi,
  controlledShutdownApi,
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
  offsetForLeaderEpochApi,
  alterIsrApi,
];

const byKey = new Map<number, ApiSpec>(API_SPECS.map((spec) => [spec.apiKey, spec]));
if (byKey.size !== API_SPECS.length) throw new Error('two API specs share an api key');

export function apiSpecFor(apiKey: number): ApiSpec | undefined {
  return byKey.get(apiKey);
}
