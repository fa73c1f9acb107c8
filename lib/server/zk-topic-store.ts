// TopicStore for admin requests over Kafka's znodes: config first, then the assignment whose
// creation the controller watches; deletion is a request under /admin/delete_topics.
import type { ZkSession } from '../zk/session';
import { TopicExistsError } from '../zk/errors';
import { createTopic, getTopicConfig, markTopicForDeletion, topicExists } from '../zk/topic-store';
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';
import type { TopicStore } from './topic-admin';

export class ZkTopicStore implements TopicStore {
  constructor(private readonly session: () => ZkSession) {}

  async createTopic(topic: string, assignment: Map<number, number[]>, config: Record<string, string>): Promise<void> {
    try {
      await createTopic(this.session(), topic, assignment, config);
    } catch (err) {
      if (err instanceof TopicExistsError) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic}' already exists.`);
      throw err;
    }
  }

  topicExists(topic: string): Promise<boolean> {
    return topicExists(this.session(), topic);
  }

  async markTopicForDeletion(topic: string): Promise<void> {
    await markTopicForDeletion(this.session(), topic);
  }

  topicConfig(topic: string): Promise<Record<string, string>> {
    return getTopicConfig(this.session(), topic);
  }
}
