// TopicStore for admin requests over Kafka's znodes: config first, then the assignment whose
// creation the controller watches; added partitions are a conditional rewrite of that znode
// (the controller watches its data); deletion is a request under /admin/delete_topics.
import type { ZkSession } from '../zk/session';
import { isZkError, TopicExistsError } from '../zk/errors';
import { deleteTopicPath } from '../zk/znodes';
import {
  createTopic,
  getAssignment,
  getTopicConfig,
  markTopicForDeletion,
  topicExists,
  updateAssignment,
} from '../zk/topic-znodes';
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';
import type { StoredAssignment, TopicStore } from './topic-admin';

export class ZkTopicStore implements TopicStore {
  constructor(private readonly session: () => ZkSession) {}

  async createTopic(topic: string, assignment: Map<number, number[]>, config: Record<string, string>): Promise<void> {
    try {
      await createTopic(this.session(), topic, assignment, config);
    } catch (err) {
      if (err instanceof TopicExistsError)
        throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic}' already exists.`);
      throw err;
    }
  }

  topicExists(topic: string): Promise<boolean> {
    return topicExists(this.session(), topic);
  }

  async markTopicForDeletion(topic: string): Promise<void> {
    await markTopicForDeletion(this.session(), topic);
  }

  async assignment(topic: string): Promise<StoredAssignment | null> {
    const stored = await getAssignment(this.session(), topic);
    return stored ? { partitions: stored.partitions, zkVersion: stored.zkVersion } : null;
  }

  /** Conditional on the version read: a concurrent writer makes it fail rather than be lost. */
  async updateAssignment(topic: string, assignment: Map<number, number[]>, expectedZkVersion: number): Promise<void> {
    try {
      await updateAssignment(this.session(), topic, assignment, expectedZkVersion);
    } catch (err) {
      if (isZkError(err, 'BAD_VERSION')) {
        throw new KafkaError(
          ErrorCode.UNKNOWN_SERVER_ERROR,
          `the assignment of '${topic}' changed while partitions were being added; retry`,
        );
      }
      if (isZkError(err, 'NO_NODE'))
        throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${topic}' does not exist`);
      throw err;
    }
  }

  async isMarkedForDeletion(topic: string): Promise<boolean> {
    return (await this.session().exists(deleteTopicPath(topic))) !== null;
  }

  topicConfig(topic: string): Promise<Record<string, string>> {
    return getTopicConfig(this.session(), topic);
  }
}
