// Every metric a broker exports, written once: the name the Prometheus JMX exporter gives Kafka's
// MBean (its stock kafka rules, lowercased), so dashboards and alerts written for Kafka apply.
// The registry (broker-metrics.ts), the README's metric list and config/'s Grafana dashboard and
// alert rules all come from this table.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDef {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  readonly help: string;
  /** The Kafka MBean (or exporter) the metric mirrors; null for Samsa's own. */
  readonly source: string | null;
}

const topicOrTotal = ['topic'] as const;

function def<T extends MetricType>(
  name: string,
  type: T,
  labels: readonly string[],
  source: string | null,
  help: string,
): MetricDef & { readonly type: T } {
  return { name, type, labels, help, source };
}

const BTM = 'kafka.server:type=BrokerTopicMetrics,name=';
const RM = 'kafka.server:type=ReplicaManager,name=';
const KC = 'kafka.controller:type=KafkaController,name=';
const REQ = 'kafka.network:type=RequestMetrics,name=';

export const METRICS = {
  // BrokerTopicMetrics: per topic (label topic) and for all topics (no label), as Kafka has both MBeans.
  messagesIn: def(
    'kafka_server_brokertopicmetrics_messagesin_total',
    'counter',
    topicOrTotal,
    `${BTM}MessagesInPerSec`,
    'Records appended by this broker as leader.',
  ),
  bytesIn: def(
    'kafka_server_brokertopicmetrics_bytesin_total',
    'counter',
    topicOrTotal,
    `${BTM}BytesInPerSec`,
    'Bytes of record batches produced to this broker as leader.',
  ),
  bytesOut: def(
    'kafka_server_brokertopicmetrics_bytesout_total',
    'counter',
    topicOrTotal,
    `${BTM}BytesOutPerSec`,
    'Bytes of record batches sent to consumers (followers count in ReplicationBytesOut, as in Kafka).',
  ),
  bytesRejected: def(
    'kafka_server_brokertopicmetrics_bytesrejected_total',
    'counter',
    topicOrTotal,
    `${BTM}BytesRejectedPerSec`,
    'Bytes of produced batches refused (too large, corrupt, not leader…).',
  ),
  totalProduceRequests: def(
    'kafka_server_brokertopicmetrics_totalproducerequests_total',
    'counter',
    topicOrTotal,
    `${BTM}TotalProduceRequestsPerSec`,
    'Produce requests, counted once per partition they write to (as Kafka does).',
  ),
  failedProduceRequests: def(
    'kafka_server_brokertopicmetrics_failedproducerequests_total',
    'counter',
    topicOrTotal,
    `${BTM}FailedProduceRequestsPerSec`,
    'Produce requests answered with an error, counted once per failed partition.',
  ),
  totalFetchRequests: def(
    'kafka_server_brokertopicmetrics_totalfetchrequests_total',
    'counter',
    topicOrTotal,
    `${BTM}TotalFetchRequestsPerSec`,
    'Fetch requests (consumers and followers), counted once per partition they read (as Kafka does).',
  ),
  failedFetchRequests: def(
    'kafka_server_brokertopicmetrics_failedfetchrequests_total',
    'counter',
    topicOrTotal,
    `${BTM}FailedFetchRequestsPerSec`,
    'Fetch requests answered with an error, counted once per failed partition.',
  ),
  replicationBytesIn: def(
    'kafka_server_brokertopicmetrics_replicationbytesin_total',
    'counter',
    [],
    `${BTM}ReplicationBytesInPerSec`,
    'Bytes this broker fetched from leaders as a follower.',
  ),
  replicationBytesOut: def(
    'kafka_server_brokertopicmetrics_replicationbytesout_total',
    'counter',
    [],
    `${BTM}ReplicationBytesOutPerSec`,
    'Bytes this broker sent to followers as a leader.',
  ),

  // ReplicaManager
  underReplicatedPartitions: def(
    'kafka_server_replicamanager_underreplicatedpartitions',
    'gauge',
    [],
    `${RM}UnderReplicatedPartitions`,
    'Partitions led here whose ISR is smaller than their replica set.',
  ),
  underMinIsrPartitionCount: def(
    'kafka_server_replicamanager_underminisrpartitioncount',
    'gauge',
    [],
    `${RM}UnderMinIsrPartitionCount`,
    'Partitions led here whose ISR is smaller than min.insync.replicas (acks=all writes fail).',
  ),
  atMinIsrPartitionCount: def(
    'kafka_server_replicamanager_atminisrpartitioncount',
    'gauge',
    [],
    `${RM}AtMinIsrPartitionCount`,
    'Partitions led here whose ISR size equals min.insync.replicas.',
  ),
  offlineReplicaCount: def(
    'kafka_server_replicamanager_offlinereplicacount',
    'gauge',
    [],
    `${RM}OfflineReplicaCount`,
    'Replicas on this broker in a failed log directory.',
  ),
  partitionCount: def(
    'kafka_server_replicamanager_partitioncount',
    'gauge',
    [],
    `${RM}PartitionCount`,
    'Partitions with a replica on this broker.',
  ),
  leaderCount: def(
    'kafka_server_replicamanager_leadercount',
    'gauge',
    [],
    `${RM}LeaderCount`,
    'Partitions this broker leads.',
  ),
  isrShrinks: def(
    'kafka_server_replicamanager_isrshrinks_total',
    'counter',
    [],
    `${RM}IsrShrinksPerSec`,
    'Times this broker, as leader, removed a replica from an ISR.',
  ),
  isrExpands: def(
    'kafka_server_replicamanager_isrexpands_total',
    'counter',
    [],
    `${RM}IsrExpandsPerSec`,
    'Times this broker, as leader, added a caught-up replica back to an ISR.',
  ),

  // KafkaController: the active controller reports the cluster-wide counts; other brokers report 0.
  activeControllerCount: def(
    'kafka_controller_kafkacontroller_activecontrollercount',
    'gauge',
    [],
    `${KC}ActiveControllerCount`,
    '1 on the active controller, 0 elsewhere; the sum over the cluster must be 1.',
  ),
  offlinePartitionsCount: def(
    'kafka_controller_kafkacontroller_offlinepartitionscount',
    'gauge',
    [],
    `${KC}OfflinePartitionsCount`,
    'Partitions without a live leader (controller only).',
  ),
  globalPartitionCount: def(
    'kafka_controller_kafkacontroller_globalpartitioncount',
    'gauge',
    [],
    `${KC}GlobalPartitionCount`,
    'Partitions in the cluster (controller only).',
  ),
  globalTopicCount: def(
    'kafka_controller_kafkacontroller_globaltopiccount',
    'gauge',
    [],
    `${KC}GlobalTopicCount`,
    'Topics in the cluster (controller only).',
  ),
  preferredReplicaImbalanceCount: def(
    'kafka_controller_kafkacontroller_preferredreplicaimbalancecount',
    'gauge',
    [],
    `${KC}PreferredReplicaImbalanceCount`,
    'Partitions whose leader is not their preferred replica (controller only).',
  ),

  // RequestMetrics, per API (request = Kafka's API name, e.g. Produce, FetchConsumer, FetchFollower).
  requests: def(
    'kafka_network_requestmetrics_requests_total',
    'counter',
    ['request', 'version'],
    `${REQ}RequestsPerSec`,
    'Requests received, per API and version.',
  ),
  errors: def(
    'kafka_network_requestmetrics_errors_total',
    'counter',
    ['request', 'error'],
    `${REQ}ErrorsPerSec`,
    'Error codes in responses, per API and Kafka error name, one per error field (topic, partition…) as Kafka counts them; NONE for those without an error.',
  ),
  totalTimeMs: def(
    'kafka_network_requestmetrics_totaltimems',
    'histogram',
    ['request'],
    `${REQ}TotalTimeMs`,
    'Milliseconds from a request read off the socket to its response written.',
  ),
  requestQueueTimeMs: def(
    'kafka_network_requestmetrics_requestqueuetimems',
    'histogram',
    ['request'],
    `${REQ}RequestQueueTimeMs`,
    'Milliseconds a request waited (request gate, in-flight limit) before its handler ran.',
  ),
  localTimeMs: def(
    'kafka_network_requestmetrics_localtimems',
    'histogram',
    ['request'],
    `${REQ}LocalTimeMs`,
    'Milliseconds the handler worked on the request before it was parked or answered.',
  ),
  remoteTimeMs: def(
    'kafka_network_requestmetrics_remotetimems',
    'histogram',
    ['request'],
    `${REQ}RemoteTimeMs`,
    'Milliseconds parked in purgatory (acks=all waiting for followers, long-poll fetch).',
  ),
  responseSendTimeMs: def(
    'kafka_network_requestmetrics_responsesendtimems',
    'histogram',
    ['request'],
    `${REQ}ResponseSendTimeMs`,
    'Milliseconds from the response handed to the socket until it was written.',
  ),

  // SocketServer
  connectionCount: def(
    'kafka_server_socket_server_metrics_connection_count',
    'gauge',
    ['listener'],
    'kafka.server:type=socket-server-metrics,listener=*,networkProcessor=*/connection-count',
    'Open client and broker connections, per listener.',
  ),
  connectionCreations: def(
    'kafka_server_socket_server_metrics_connection_creation_total',
    'counter',
    ['listener'],
    'kafka.server:type=socket-server-metrics,listener=*,networkProcessor=*/connection-creation-total',
    'Connections accepted, per listener.',
  ),

  // ZooKeeper client
  zkSessionState: def(
    'kafka_server_sessionexpirelistener_sessionstate',
    'gauge',
    ['state'],
    'kafka.server:type=SessionExpireListener,name=SessionState',
    '1 for the ZooKeeper session state the broker is in (CONNECTING, CONNECTED, DISCONNECTED, EXPIRED, CLOSED), 0 for the others.',
  ),
  zkDisconnects: def(
    'kafka_server_sessionexpirelistener_zookeeperdisconnects_total',
    'counter',
    [],
    'kafka.server:type=SessionExpireListener,name=ZooKeeperDisconnectsPerSec',
    'Times the ZooKeeper connection was lost.',
  ),
  zkExpires: def(
    'kafka_server_sessionexpirelistener_zookeeperexpires_total',
    'counter',
    [],
    'kafka.server:type=SessionExpireListener,name=ZooKeeperExpiresPerSec',
    'Times the ZooKeeper session expired.',
  ),
  zkRequestLatencyMs: def(
    'kafka_server_zookeeperclientmetrics_zookeeperrequestlatencyms',
    'histogram',
    [],
    'kafka.server:type=ZooKeeperClientMetrics,name=ZooKeeperRequestLatencyMs',
    'Milliseconds from a ZooKeeper request sent to its reply.',
  ),

  // Log, per partition replica on this broker
  logSize: def(
    'kafka_log_log_size',
    'gauge',
    ['topic', 'partition'],
    'kafka.log:type=Log,name=Size',
    'Bytes of the partition replica on disk (all segments).',
  ),
  logStartOffset: def(
    'kafka_log_log_logstartoffset',
    'gauge',
    ['topic', 'partition'],
    'kafka.log:type=Log,name=LogStartOffset',
    'First offset of the partition replica.',
  ),
  logEndOffset: def(
    'kafka_log_log_logendoffset',
    'gauge',
    ['topic', 'partition'],
    'kafka.log:type=Log,name=LogEndOffset',
    'Next offset the partition replica will write.',
  ),
  numLogSegments: def(
    'kafka_log_log_numlogsegments',
    'gauge',
    ['topic', 'partition'],
    'kafka.log:type=Log,name=NumLogSegments',
    'Segments of the partition replica.',
  ),

  // Consumer groups, on their coordinator (kafka_exporter's names)
  groupLag: def(
    'kafka_consumergroup_lag',
    'gauge',
    ['consumergroup', 'topic', 'partition'],
    'kafka_exporter',
    "Latest offset minus the group's committed offset, for groups this broker coordinates (as bin/consumer-groups --describe).",
  ),
  groupLagSum: def(
    'kafka_consumergroup_lag_sum',
    'gauge',
    ['consumergroup', 'topic'],
    'kafka_exporter',
    'The lag summed over the partitions of a topic.',
  ),
  groupCurrentOffset: def(
    'kafka_consumergroup_current_offset',
    'gauge',
    ['consumergroup', 'topic', 'partition'],
    'kafka_exporter',
    "The group's committed offset.",
  ),
  groupMembers: def(
    'kafka_consumergroup_members',
    'gauge',
    ['consumergroup'],
    'kafka_exporter',
    'Members of the group.',
  ),
} as const satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;

/** Node's process metrics come from prom-client's default collectors under their usual names. */
export const PROCESS_METRICS_NOTE =
  "process_* and nodejs_* (prom-client's default collectors): RSS, CPU, open fds, heap, event-loop lag, GC pauses.";
