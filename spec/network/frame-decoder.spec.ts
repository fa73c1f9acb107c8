// Proves framing: frames split across chunks or packed together come out whole, and an
// oversized or negative size is refused before any payload is buffered.
import { expect } from 'chai';
import { FrameDecoder, FrameTooLargeError, InvalidFrameSizeError, frameChunks } from '../../lib/network/frame-decoder';

const framed = (payload: Buffer) => Buffer.concat(frameChunks([payload]));

describe('FrameDecoder', () => {
  it('reassembles frames split at every byte and packed together', () => {
    const stream = Buffer.concat([
      framed(Buffer.from('hello')),
      framed(Buffer.alloc(0)),
      framed(Buffer.from('world!')),
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new FrameDecoder(1000);
      const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(frames.map((f) => f.toString())).to.deep.equal(['hello', '', 'world!']);
      expect(d.pendingBytes).to.equal(0);
    }
  });

  it('rejects a size above the cap and a negative size', () => {
    const big = Buffer.alloc(4);
    big.writeInt32BE(1001);
    expect(() => new FrameDecoder(1000).push(big)).to.throw(FrameTooLargeError);
    const negative = Buffer.alloc(4);
    negative.writeInt32BE(-1);
    expect(() => new FrameDecoder(1000).push(negative)).to.throw(InvalidFrameSizeError);
  });
});
