// One handler per API; this file is the api key -> handler table.
import type { Dispatcher } from '../dispatcher';
import type { BrokerServices } from './services';
import { apiVersionsApi as ApiVersions } from '../../protocol/apis/api-versions';
import { metadataApi as Metadata } from '../../protocol/apis/metadata';
import { produceApi as Produce } from '../../protocol/apis/produce';
import { fetchApi as Fetch } from '../../protocol/apis/fetch';
import { listOffsetsApi as ListOffsets } from '../../protocol/apis/list-offsets';
import { createTopicsApi as CreateTopics } from '../../protocol/apis/create-topics';
import { deleteTopicsApi as DeleteTopics } from '../../protocol/apis/delete-topics';
import { leaderAndIsrApi } from '../../protocol/apis/leader-and-isr';
import { updateMetadataApi } from '../../protocol/apis/update-metadata';
import { stopReplicaApi } from '../../protocol/apis/stop-replica';
import { alterIsrApi } from '../../protocol/apis/alter-isr';
import { controlledShutdownApi } from '../../protocol/apis/controlled-shutdown';
import { handleLeaderAndIsr, handleStopReplica, handleUpdateMetadata } from './control';
import { handleAlterIsr, handleControlledShutdown } from './controller-apis';
import { offsetForLeaderEpochApi } from '../../protocol/apis/offset-for-leader-epoch';
import { handleOffsetForLeaderEpoch } from './offset-for-leader-epoch';
import { handleApiVersions } from './api-versions';
import { handleMetadata } from './metadata';
import { handleProduce } from './produce';
import { handleFetch } from './fetch';
import { handleListOffsets } from './list-offsets';
import { handleCreateTopics } from './create-topics';
import { handleDeleteTopics } from './delete-topics';

export function registerHandlers(dispatcher: Dispatcher, services: BrokerServices): void {
  dispatcher.register(ApiVersions, handleApiVersions(services));
  dispatcher.register(Metadata, handleMetadata(services));
  dispatcher.register(Produce, handleProduce(services));
  dispatcher.register(Fetch, handleFetch(services));
  dispatcher.register(ListOffsets, handleListOffsets(services));
  dispatcher.register(CreateTopics, handleCreateTopics(services));
  dispatcher.register(DeleteTopics, handleDeleteTopics(services));
  dispatcher.register(leaderAndIsrApi, handleLeaderAndIsr(services));
  dispatcher.register(updateMetadataApi, handleUpdateMetadata(services));
  dispatcher.register(stopReplicaApi, handleStopReplica(services));
  dispatcher.register(controlledShutdownApi, handleControlledShutdown(services));
  dispatcher.register(alterIsrApi, handleAlterIsr(services));
  dispatcher.register(offsetForLeaderEpochApi, handleOffsetForLeaderEpoch(services));
}
