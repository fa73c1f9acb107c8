// Proves the fuzzer's inputs are what it claims: one well-formed seed per served API version
// (each decodes with the broker's own codec to the values it was built from), traced length
// prefixes that really sit on lengths, mutations that are reproducible from (seed, index), and a
// fencing filter that lets no decodable controller request with a live epoch through.
import { expect } from 'chai';
import { API_SPECS, apiSpecFor } from '../../../lib/protocol/apis';
import { decodeRequestHeader } from '../../../lib/protocol/header';
import { buildSeedRequests, SeedRequest } from './seed-requests';
import { MUTATION_KINDS, mutateRequest } from './mutations';
import { couldPassFencing } from './sender';

describe('fuzz inputs', () => {
  let seeds: SeedRequest[];

  before(async () => {
    seeds = await buildSeedRequests({ topic: 'fuzz-target', group: 'fuzz-group', clientId: 'samsa-fuzz' });
  });

  it('has one seed for every served version of every API, each decoding with the broker codec', () => {
    const served = API_SPECS.reduce((n, s) => n + s.servedVersions.max - s.servedVersions.min + 1, 0);
    expect(seeds).to.have.length(served);
    for (const seed of seeds) {
      const { header, bodyOffset } = decodeRequestHeader(seed.payload, 0, seed.payload.length);
      expect(header.apiKey, seed.name).to.equal(seed.apiKey);
      const spec = apiSpecFor(seed.apiKey)!;
      const body = spec.decodeRequest(seed.payload, bodyOffset, seed.payload.length, seed.apiVersion) as Record<
        string,
        unknown
      >;
      expect(body, `${seed.name} v${seed.apiVersion}`).to.be.an('object');
    }
  });

  it('traces length prefixes that hold the lengths of what follows', () => {
    const metadata = seeds.find((s) => s.name === 'Metadata' && s.apiVersion === 1)!;
    // header client id, then the topics array (one topic) and that topic's name.
    const [clientId, topics, name] = metadata.lengths;
    expect(metadata.payload.readInt16BE(clientId.at)).to.equal('samsa-fuzz'.length);
    expect(metadata.payload.readInt32BE(topics.at)).to.equal(1);
    expect(metadata.payload.readInt16BE(name.at)).to.equal('fuzz-target'.length);
    const produce = seeds.find((s) => s.name === 'Produce' && s.apiVersion === 7)!;
    expect(produce.lengths.some((l) => l.kind === 'bytes' && produce.payload.readInt32BE(l.at) > 61)).to.equal(true);
  });

  it('makes the same bytes from the same (seed, index) and uses every mutation kind', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const a = mutateRequest(seeds, 42, i);
      const b = mutateRequest(seeds, 42, i);
      expect(a.frame.equals(b.frame)).to.equal(true);
      kinds.add(a.kind);
    }
    expect([...kinds].sort()).to.deep.equal([...MUTATION_KINDS].sort());
    expect(mutateRequest(seeds, 43, 5).frame.equals(mutateRequest(seeds, 42, 5).frame)).to.equal(false);
  });

  it('withholds a decodable controller request once its epoch or broker id is live', () => {
    const leaderAndIsr = seeds.find((s) => s.apiKey === 4 && s.apiVersion === 5)!;
    const frame = Buffer.concat([Buffer.alloc(4), leaderAndIsr.payload]);
    frame.writeInt32BE(leaderAndIsr.payload.length, 0);
    expect(couldPassFencing(frame)).to.equal(false);
    // controllerId (int32) then controllerEpoch (int32) open the body.
    frame.writeInt32BE(7, 4 + leaderAndIsr.bodyOffset + 4);
    expect(couldPassFencing(frame)).to.equal(true);
  });
});
