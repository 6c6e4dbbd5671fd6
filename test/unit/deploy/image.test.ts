import * as assert from 'node:assert/strict';
import { entrypointDefaults, entrypointNodeName, imageVersion, NEWEST_KNOWN_VERSION, parseImage } from '../../../server/src/deploy/image';

const env = (o: Record<string, string | undefined>): Map<string, string | undefined> => new Map(Object.entries(o));

describe('deploy/image: the image tag and what its entrypoint does', () => {
  it('recognises the official images behind any registry, and their tags', () => {
    assert.deepEqual(parseImage('emqx/emqx:5.8.6'), { repository: 'emqx/emqx', tag: '5.8.6', official: true });
    assert.deepEqual(parseImage('emqx:4.4.19'), { repository: 'emqx', tag: '4.4.19', official: true });
    assert.deepEqual(parseImage('docker.io/emqx/emqx-enterprise:5.9.0'), { repository: 'emqx/emqx-enterprise', tag: '5.9.0', official: true });
    assert.deepEqual(parseImage('registry.local:5000/emqx/emqx'), { repository: 'emqx/emqx', tag: undefined, official: true });
    assert.equal(parseImage('bitnami/emqx:5.8.6').official, false);
    assert.equal(parseImage('nginx:1.27').official, false);
  });

  it('takes the EMQX version from the tag; latest or no version means the newest known line, marked assumed', () => {
    assert.equal(imageVersion(parseImage('emqx/emqx:5.8.6')).version, '5.8.6');
    assert.equal(imageVersion(parseImage('emqx/emqx-enterprise:e5.10.4')).version, '5.10.4');
    assert.equal(imageVersion(parseImage('emqx:4.4.19-alpine')).parsed.major, 4);
    assert.equal(imageVersion(parseImage('emqx/emqx:5.8')).version, '5.8');
    assert.equal(imageVersion(parseImage('emqx/emqx:5.8.6')).assumed, false);
    for (const image of ['emqx/emqx:latest', 'emqx/emqx', 'emqx/emqx@sha256:0123abcd', 'emqx/emqx:my-build']) {
      const v = imageVersion(parseImage(image));
      assert.equal(v.assumed, true, image);
      assert.equal(v.version, NEWEST_KNOWN_VERSION, image);
    }
  });

  describe('node name, 5.x/6.x entrypoint (v5.8.9 docker-entrypoint.sh, bin/emqx)', () => {
    const base = { major: 5, addressStandIn: 'emqx1' };
    it('defaults to emqx@<container IP>; an address the deployment does not fix is a stand-in', () => {
      assert.deepEqual(entrypointNodeName({ ...base, env: env({}), ip: '172.20.0.5' }), { name: 'emqx@172.20.0.5', hostIsStandIn: false, from: 'entrypoint' });
      assert.deepEqual(entrypointNodeName({ ...base, env: env({}) }), { name: 'emqx@emqx1', hostIsStandIn: true, from: 'entrypoint' });
    });
    it('uses EMQX_NAME and EMQX_HOST', () => {
      assert.equal(entrypointNodeName({ ...base, env: env({ EMQX_NAME: 'core1', EMQX_HOST: 'node1.emqx.io' }) }).name, 'core1@node1.emqx.io');
    });
    it('lets the legacy EMQX_NODE_NAME win over EMQX_NODE__NAME (bin/emqx copies it over)', () => {
      const r = entrypointNodeName({ ...base, env: env({ EMQX_NODE_NAME: 'a@h1', EMQX_NODE__NAME: 'b@h2' }) });
      assert.deepEqual(r, { name: 'a@h1', hostIsStandIn: false, from: 'EMQX_NODE_NAME' });
      assert.equal(entrypointNodeName({ ...base, env: env({ EMQX_NODE__NAME: 'b@h2', EMQX_HOST: 'ignored' }) }).name, 'b@h2');
    });
    it('builds the host from dns+srv discovery and the pod hostname', () => {
      const r = entrypointNodeName({
        ...base,
        hostname: 'emqx-2',
        env: env({ EMQX_CLUSTER__DISCOVERY_STRATEGY: 'dns', EMQX_CLUSTER__DNS__RECORD_TYPE: 'srv', EMQX_CLUSTER__DNS__NAME: 'emqx-headless.ns.svc.cluster.local' }),
      });
      assert.equal(r.name, 'emqx@emqx-2.emqx-headless.ns.svc.cluster.local');
    });
    it('builds the host for k8s discovery with address type dns (IP with dashes under pod.cluster.local)', () => {
      const r = entrypointNodeName({ ...base, ip: '10.0.0.7', env: env({ EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'dns', EMQX_CLUSTER__K8S__NAMESPACE: 'mqtt' }) });
      assert.equal(r.name, 'emqx@10-0-0-7.mqtt.pod.cluster.local');
    });
    it('builds the pod FQDN for k8s discovery with address type hostname', () => {
      const r = entrypointNodeName({
        ...base,
        hostname: 'emqx-1',
        addressStandIn: 'emqx-1.emqx-headless',
        env: env({ EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname', EMQX_CLUSTER__K8S__NAMESPACE: 'mqtt' }),
      });
      assert.deepEqual(r, { name: 'emqx@emqx-1.emqx-headless.mqtt.svc.cluster.local', hostIsStandIn: false, from: 'entrypoint' });
    });
    it('a name set from a value nobody can see is unknown', () => {
      assert.equal(entrypointNodeName({ ...base, env: env({ EMQX_NODE__NAME: undefined }) }).name, undefined);
      assert.equal(entrypointNodeName({ ...base, env: env({ EMQX_HOST: undefined }) }).name, undefined);
    });
  });

  describe('node name, 4.x entrypoint (v4.4.19 docker-entrypoint.sh, bin/emqx)', () => {
    const base = { major: 4, addressStandIn: 'emqx1' };
    it('names the node after the container hostname', () => {
      assert.equal(entrypointNodeName({ ...base, hostname: 'emqx-1', ip: '10.1.2.3', env: env({}) }).name, 'emqx-1@10.1.2.3');
      // A hostname with dots: what `hostname` prints depends on the runtime; the name is not claimed.
      assert.equal(entrypointNodeName({ ...base, hostname: 'node1.emqx.io', env: env({ EMQX_HOST: 'node1.emqx.io' }) }).name, undefined);
    });
    it('without a hostname Docker uses the random container id: the name cannot be known', () => {
      assert.equal(entrypointNodeName({ ...base, env: env({}) }).name, undefined);
    });
    it('ignores EMQX_NODE__NAME: the entrypoint always exports EMQX_NODE_NAME, which wins in cuttlefish', () => {
      assert.equal(entrypointNodeName({ ...base, hostname: 'h', env: env({ EMQX_NODE__NAME: 'mine@x', EMQX_HOST: 'x' }) }).name, 'h@x');
      assert.equal(entrypointNodeName({ ...base, env: env({ EMQX_NODE_NAME: 'mine@x' }) }).name, 'mine@x');
    });
    it('uses the 4.x discovery variable names', () => {
      const r = entrypointNodeName({ ...base, hostname: 'emqx-0', env: env({ EMQX_CLUSTER__DISCOVERY: 'dns', EMQX_CLUSTER__DNS__TYPE: 'srv', EMQX_CLUSTER__DNS__NAME: 'emqx.ns.svc' }) });
      assert.equal(r.name, 'emqx-0@emqx-0.emqx.ns.svc');
    });
  });

  it('forces manual RPC port discovery unless the deployment sets it', () => {
    assert.deepEqual(entrypointDefaults(env({})), [{ name: 'EMQX_RPC__PORT_DISCOVERY', value: 'manual' }]);
    assert.deepEqual(entrypointDefaults(env({ EMQX_RPC__PORT_DISCOVERY: 'stateless' })), []);
  });
});
