// One handler per API; this file is the api key -> handler table. The inter-broker APIs are
// served only to a principal with ClusterAction on the cluster (Kafka's authorizeClusterOperation):
// any other gets the API's error response with CLUSTER_AUTHORIZATION_FAILED.
import type { Dispatcher, Handler } from '../dispatcher';
import { access } from '../security/authorizer';
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
import { findCoordinatorApi } from '../../protocol/apis/find-coordinator';
import { joinGroupApi } from '../../protocol/apis/join-group';
import { syncGroupApi } from '../../protocol/apis/sync-group';
import { heartbeatApi } from '../../protocol/apis/heartbeat';
import { leaveGroupApi } from '../../protocol/apis/leave-group';
import { listGroupsApi } from '../../protocol/apis/list-groups';
import { describeGroupsApi } from '../../protocol/apis/describe-groups';
import { offsetCommitApi } from '../../protocol/apis/offset-commit';
import { offsetFetchApi } from '../../protocol/apis/offset-fetch';
import { deleteGroupsApi } from '../../protocol/apis/delete-groups';
import { handleDeleteGroups } from './delete-groups';
import {
  handleFindCoordinator,
  handleJoinGroup,
  handleSyncGroup,
  handleHeartbeat,
  handleLeaveGroup,
  handleListGroups,
  handleDescribeGroups,
} from './groups';
import { handleOffsetCommit, handleOffsetFetch } from './offsets';
import { handleApiVersions } from './api-versions';
import { handleMetadata } from './metadata';
import { handleProduce } from './produce';
import { handleFetch } from './fetch';
import { handleListOffsets } from './list-offsets';
import { handleCreateTopics } from './create-topics';
import { handleDeleteTopics } from './delete-topics';
import { createPartitionsApi } from '../../protocol/apis/create-partitions';
import { handleCreatePartitions } from './create-partitions';
import { describeConfigsApi } from '../../protocol/apis/describe-configs';
import { handleDescribeConfigs } from './describe-configs';
import { initProducerIdApi } from '../../protocol/apis/init-producer-id';
import { handleInitProducerId } from './init-producer-id';
import { saslHandshakeApi } from '../../protocol/apis/sasl-handshake';
import { saslAuthenticateApi } from '../../protocol/apis/sasl-authenticate';
import { handleSaslAuthenticate, handleSaslHandshake } from './sasl';
import { describeUserScramCredentialsApi } from '../../protocol/apis/describe-user-scram-credentials';
import { alterUserScramCredentialsApi } from '../../protocol/apis/alter-user-scram-credentials';
import { handleAlterUserScramCredentials, handleDescribeUserScramCredentials } from './scram-credentials';
import { describeAclsApi } from '../../protocol/apis/describe-acls';
import { createAclsApi } from '../../protocol/apis/create-acls';
import { deleteAclsApi } from '../../protocol/apis/delete-acls';
import { handleCreateAcls, handleDeleteAcls, handleDescribeAcls } from './acls';
import { describeLogDirsApi } from '../../protocol/apis/describe-log-dirs';
import { handleDescribeLogDirs } from './describe-log-dirs';

export function registerHandlers(dispatcher: Dispatcher, services: BrokerServices): void {
  dispatcher.register(ApiVersions, handleApiVersions(services));
  dispatcher.register(Metadata, handleMetadata(services));
  dispatcher.register(Produce, handleProduce(services));
  dispatcher.register(Fetch, handleFetch(services));
  dispatcher.register(ListOffsets, handleListOffsets(services));
  dispatcher.register(CreateTopics, handleCreateTopics(services));
  dispatcher.register(DeleteTopics, handleDeleteTopics(services));
  dispatcher.register(createPartitionsApi, handleCreatePartitions(services));
  dispatcher.register(leaderAndIsrApi, clusterAction(services, handleLeaderAndIsr(services)));
  dispatcher.register(updateMetadataApi, clusterAction(services, handleUpdateMetadata(services)));
  dispatcher.register(stopReplicaApi, clusterAction(services, handleStopReplica(services)));
  dispatcher.register(controlledShutdownApi, clusterAction(services, handleControlledShutdown(services)));
  dispatcher.register(alterIsrApi, clusterAction(services, handleAlterIsr(services)));
  dispatcher.register(offsetForLeaderEpochApi, handleOffsetForLeaderEpoch(services));
  dispatcher.register(findCoordinatorApi, handleFindCoordinator(services));
  dispatcher.register(joinGroupApi, handleJoinGroup(services));
  dispatcher.register(syncGroupApi, handleSyncGroup(services));
  dispatcher.register(heartbeatApi, handleHeartbeat(services));
  dispatcher.register(leaveGroupApi, handleLeaveGroup(services));
  dispatcher.register(listGroupsApi, handleListGroups(services));
  dispatcher.register(describeGroupsApi, handleDescribeGroups(services));
  dispatcher.register(offsetCommitApi, handleOffsetCommit(services));
  dispatcher.register(offsetFetchApi, handleOffsetFetch(services));
  dispatcher.register(deleteGroupsApi, handleDeleteGroups(services));
  dispatcher.register(describeConfigsApi, handleDescribeConfigs(services));
  dispatcher.register(initProducerIdApi, handleInitProducerId(services));
  dispatcher.register(saslHandshakeApi, handleSaslHandshake(services));
  dispatcher.register(saslAuthenticateApi, handleSaslAuthenticate(services));
  dispatcher.register(describeUserScramCredentialsApi, handleDescribeUserScramCredentials(services));
  dispatcher.register(alterUserScramCredentialsApi, handleAlterUserScramCredentials(services));
  dispatcher.register(describeAclsApi, handleDescribeAcls(services));
  dispatcher.register(createAclsApi, handleCreateAcls(services));
  dispatcher.register(deleteAclsApi, handleDeleteAcls(services));
  dispatcher.register(describeLogDirsApi, handleDescribeLogDirs(services));
}

function clusterAction<Req, Res>(services: BrokerServices, handle: Handler<Req, Res>): Handler<Req, Res> {
  return (ctx, request) => {
    access(services.authorizer, ctx).requireCluster('ClusterAction');
    return handle(ctx, request);
  };
}
