// Runs one group's ZooKeeper offset work (commits, deletion) one task after another, as Kafka's
// coordinator does under the group's lock: two commits of the same partition, or a commit racing
// a DeleteGroups, would otherwise fail each other's versioned writes. Different groups still run
// concurrently. The tail of a group's chain is dropped once it drains, so the map stays bounded by
// the groups with work in flight.
export class PerGroupSerial {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(groupId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(groupId) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(groupId, tail);
    void tail.then(() => {
      if (this.tails.get(groupId) === tail) this.tails.delete(groupId);
    });
    return result;
  }

  /** Groups with a task queued or running. */
  get busyGroups(): number {
    return this.tails.size;
  }
}
