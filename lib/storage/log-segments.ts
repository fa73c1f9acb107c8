// The ordered segments of one partition log, looked up by offset. The last one is active.
import type { Segment } from './segment';
import { assertStorage } from './storage-error';

export class SegmentList {
  private list: Segment[] = [];

  get count(): number {
    return this.list.length;
  }

  all(): readonly Segment[] {
    return this.list;
  }

  first(): Segment | undefined {
    return this.list[0];
  }

  /** The active segment. A loaded log always has one. */
  active(): Segment {
    const last = this.list[this.list.length - 1];
    assertStorage(last !== undefined, 'log has no segments');
    return last;
  }

  add(segment: Segment): void {
    const last = this.list[this.list.length - 1];
    assertStorage(
      last === undefined || segment.baseOffset > last.baseOffset,
      `segment ${segment.baseOffset} added after ${last?.baseOffset}`,
    );
    this.list.push(segment);
  }

  /** The segment with the largest base offset <= offset. */
  floor(offset: number): Segment | undefined {
    const i = this.floorIndex(offset);
    return i < 0 ? undefined : this.list[i];
  }

  /** The segment after the one based at baseOffset. */
  next(segment: Segment): Segment | undefined {
    const i = this.floorIndex(segment.baseOffset);
    return this.list[i + 1];
  }

  /** Segments that may hold offsets in [from, to): Kafka's logSegments(from, to). */
  range(from: number, to: number): Segment[] {
    const start = Math.max(0, this.floorIndex(from));
    const result: Segment[] = [];
    for (let i = start; i < this.list.length && this.list[i].baseOffset < to; i++) result.push(this.list[i]);
    return result;
  }

  /** Byte position in `segment` where offset `bound` begins (its whole size if bound lies beyond). */
  positionOf(segment: Segment, bound: number, logEndOffset: number): number {
    const next = this.next(segment);
    if (bound >= logEndOffset || (next !== undefined && next.baseOffset <= bound)) return segment.size;
    return segment.translateOffset(bound)?.position ?? segment.size;
  }

  /** Removes the given segments from the list (their files are the caller's business). */
  remove(segments: readonly Segment[]): void {
    const doomed = new Set(segments);
    this.list = this.list.filter((s) => !doomed.has(s));
  }

  private floorIndex(offset: number): number {
    let low = 0;
    let high = this.list.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.list[mid].baseOffset <= offset) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}
