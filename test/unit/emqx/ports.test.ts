import { strict as assert } from 'assert';
import { distPort, nodeOffset, rpcPort, splitNodeName } from '../../../server/src/emqx/ports';

/** The port table of the domain doc §10, row by row. */
const TABLE: Array<[name: string, offset: number, dist: number | 'random', stateless: number | undefined, manual: number | undefined]> = [
  ['emqx@127.0.0.1', 0, 4370, 5370, 5369],
  ['emqx@10.0.0.12', 0, 4370, 5370, 5369],
  ['emqx1@10.0.0.1', 1, 4371, 5371, 5369],
  ['emqx-1@h', 1, 4371, 5371, 5369],
  ['emqx_1@h', 1, 4371, 5371, 5369],
  ['emqx01@h', 1, 4371, 5371, 5369],
  ['emqx10@h', 10, 4380, 5380, 5369],
  ['node007@h', 7, 4377, 5377, 5369],
  ['core3@h', 3, 4373, 5373, 5369],
  ['replicant4@h', 4, 4374, 5374, 5369],
  ['1@h', 1, 4371, 5371, 5369],
  ['emqx1a@h', 0, 4370, 5370, 5369],
  ['emqx-a@h', 0, 4370, 5370, 5369],
  ['emqx@emqx-3.emqx-headless.ns.svc.cluster.local', 0, 4370, 5370, 5369],
  ['emqx-3@emqx-3.emqx-headless.ns.svc.cluster.local', 3, 4373, 5373, 5369],
  ['emqx2', 2, 4372, 5372, 5369],
  ['emqx60000@h', 0, 4370, 5370, 5369],
  ['emqx60001@h', 1, 4371, 5371, 5369],
  ['emqx99999@h', 39999, 44369, 45369, 5369],
  ['remsh123-emqx@h', 0, 'random', undefined, undefined],
  ['a1b2c3d4e5f6@172.17.0.2', 6, 4376, 5376, 5369],
  ['emqx@172.17.0.5', 0, 4370, 5370, 5369],
];

describe('emqx/ports: the §10 port table', () => {
  for (const [name, offset, dist, stateless, manual] of TABLE) {
    it(`${name} → offset ${offset}, dist ${dist}`, () => {
      assert.equal(distPort(name), dist);
      if (dist !== 'random') assert.equal(nodeOffset(name), offset);
      if (stateless !== undefined) assert.equal(rpcPort(name, 'stateless'), stateless);
      if (manual !== undefined) assert.equal(rpcPort(name, 'manual'), manual);
    });
  }

  it('keeps suffixes longer than 15 digits exact (BigInt before the modulo)', () => {
    // 123456789012345678901 mod 60000 = 78901 mod 60000 computed exactly = 18901.
    const digits = '123456789012345678901';
    const expected = Number(BigInt(digits) % 60000n);
    assert.equal(expected, 18901);
    assert.equal(nodeOffset(`emqx${digits}@h`), expected);
    assert.equal(distPort(`emqx${digits}@h`), 4370 + expected);
  });

  it('uses rpc.server_port when manual', () => {
    assert.equal(rpcPort('emqx3@h', 'manual', 6000), 6000);
  });

  it('splits on the first @ only', () => {
    assert.deepEqual(splitNodeName('a@b@c'), { name: 'a', host: 'b@c' });
    assert.deepEqual(splitNodeName('emqx'), { name: 'emqx', host: undefined });
  });
});
