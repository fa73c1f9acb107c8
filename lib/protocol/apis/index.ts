// Every API whose codec Samsa has, by key. The dispatcher and the ApiVersions handler read
// this list; an API missing here is neither decoded nor advertised.
import { ApiSpec } from '../api-spec';
import { alterIsrApi } from './alter-isr';
import { apiVersionsApi } from './api-versions';
import { controlledShutdownApi } from './controlled-shutdown';
import { createPartitionsApi } from './create-partitions';
import { createTopicsApi } from './create-topics';
import { deleteGroupsApi } from './delete-groups';
import { deleteTopicsApi } from './delete-topics';
import { describeConfigsApi } from './describe-configs';
import { describeGroupsApi } from './describe-groups';
import { fetchApi } from './fetch';
import { findCoordinatorApi } from './find-coordinator';
import { heartbeatApi } from './heartbeat';
import { initProducerIdApi } from './init-producer-id';
import { joinGroupApi } from './join-group';
import { leaderAndIsrApi } from './leader-and-isr';
import { leaveGroupApi } from './leave-group';
import { listGroupsApi } from './list-groups';
import { listOffsetsApi } from './list-offsets';
import { metadataApi } from './metadata';
import { offsetCommitApi } from './offset-commit';
import { offsetFetchApi } from './offset-fetch';
import { offsetForLeaderEpochApi } from './offset-for-leader-epoch';
import { produceApi } from './produce';
import { stopReplicaApi } from './stop-replica';
import { syncGroupApi } from './sync-group';
import { updateMetadataApi } from './update-metadata';

export * from './alter-isr';
export * from './api-versions';
export * from './controlled-shutdown';
export * from './create-partitions';
export * from './create-topics';
export * from './delete-groups';
export * from './delete-topics';
export * from './describe-configs';
export * from './describe-groups';
export * from './fetch';
export * from './find-coordinator';
export * from './heartbeat';
export * from './init-producer-id';
export * from './join-group';
export * from './leader-and-isr';
export * from './leave-group';
export * from './list-groups';
export * from './list-offsets';
export * from './metadata';
export * from './offset-commit';
export * from './offset-fetch';
export * from './offset-for-leader-epoch';
export * from './produce';
export * from './stop-replica';
export * from './sync-group';
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
  offsetCommitApi,
  offsetFetchApi,
  findCoordinatorApi,
  joinGroupApi,
  heartbeatApi,
  leaveGroupApi,
  syncGroupApi,
  describeGroupsApi,
  listGroupsApi,
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
  initProducerIdApi,
  createPartitionsApi,
  offsetForLeaderEpochApi,
  describeConfigsApi,
  deleteGroupsApi,
  alterIsrApi,
];

const byKey = new Map<number, ApiSpec>(API_SPECS.map((spec) => [spec.apiKey, spec]));
if (byKey.size !== API_SPECS.length) throw new Error('two API specs share an api key');

export function apiSpecFor(apiKey: number): ApiSpec | undefined {
  return byKey.get(apiKey);
}
