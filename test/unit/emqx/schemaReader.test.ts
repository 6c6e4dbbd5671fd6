/**
 * The Erlang schema reader of scripts/gen-key-catalogue.ts on small modules
 * written the way EMQX writes its schemas: what becomes a field, its type,
 * enum values, default and description id, and which structs stay open.
 */
import * as assert from 'node:assert/strict';
import { SchemaReader } from '../../../scripts/gen-key-catalogue';

const CONF = `
-module(emqx_conf_schema).
fields("node") ->
    [
        {"name", sc(string(), #{default => <<"emqx@127.0.0.1">>, desc => ?DESC(node_name)})},
        {"cookie", sc(string(), #{required => true, sensitive => true, desc => ?DESC(node_cookie)})},
        {"role", sc(hoconsc:enum([core, replicant]), #{default => core})},
        {"roles2", sc(hoconsc:enum(role_symbols()), #{default => core})},
        {"tick", sc(emqx_schema:duration(), #{default => <<"2m">>, deprecated => {since, "5.1.0"}})},
        {"cluster_call", sc(?R_REF("cluster_call"), #{})}
    ];
fields("cluster_call") ->
    [ {"retry_interval", sc(emqx_schema:duration(), #{default => <<"1m">>})} ];
fields("cluster") ->
    [
        {"name", sc(atom(), #{default => emqxcl})},
        {"etcd", sc(?R_REF(cluster_etcd), #{})}
    ] ++ emqx_schema_hooks:list_injection_point(cluster);
fields(cluster_etcd) ->
    [ {"ssl_options", sc(?R_REF(emqx_schema, "ssl_client_opts"), #{aliases => [ssl]})} ].
role_symbols() -> [core] ++ emqx_schema_hooks:list_injection_point('node.role').
`;

const SCHEMA = `
-module(emqx_schema).
fields("ssl_client_opts") ->
    client_ssl_opts_schema(#{}).
client_ssl_opts_schema(Defaults) ->
    common(Defaults, client) ++
        [ {"server_name_indication", sc(hoconsc:union([disable, string()]), #{})} ].
common(Defaults, Type) ->
    Df = fun(Field, Default) -> maps:get(Field, Defaults, Default) end,
    [
        {"verify", sc(hoconsc:enum([verify_peer, verify_none]), #{default => Df(verify, verify_none)})},
        {"password", emqx_schema_secret:mk(#{sensitive => true})}
    ] ++
    [ Field || Type =:= server, Field <- [ {"fail_if_no_peer_cert", sc(boolean(), #{default => false})} ] ].
`;

describe('key catalogue generator: the Erlang schema reader', () => {
  const reader = new SchemaReader((m) => ({ emqx_conf_schema: CONF, emqx_schema: SCHEMA })[m]);

  it('reads fields with type, enum, default, description id, sensitivity and deprecation', () => {
    const node = reader.struct('emqx_conf_schema', 'node')!;
    assert.equal(node.open, false);
    assert.deepEqual([...node.fields.keys()], ['name', 'cookie', 'role', 'roles2', 'tick', 'cluster_call']);
    assert.deepEqual(node.fields.get('name'), { type: 'string', default: 'emqx@127.0.0.1', desc: { module: 'emqx_conf_schema', id: 'node_name' } });
    assert.equal(node.fields.get('cookie')!.sensitive, true);
    assert.deepEqual(node.fields.get('role')!.enum, ['core', 'replicant']);
    assert.equal(node.fields.get('roles2')!.enum, undefined, 'computed enum values are not guessed');
    assert.equal(node.fields.get('tick')!.deprecated, '5.1.0');
    assert.deepEqual(node.fields.get('cluster_call')!.ref, { module: 'emqx_conf_schema', name: 'cluster_call' });
  });

  it('marks structs with an injection point open, and follows refs into other modules and helpers', () => {
    assert.equal(reader.struct('emqx_conf_schema', 'cluster')!.open, true);
    const etcd = reader.struct('emqx_conf_schema', 'cluster_etcd')!;
    assert.deepEqual(etcd.fields.get('ssl_options')!.aliases, ['ssl']);
    const ssl = reader.struct('emqx_schema', 'ssl_client_opts')!;
    assert.equal(ssl.open, false);
    // A field behind a condition (`Type =:= server`) is kept: a superset never calls a valid key unknown.
    assert.deepEqual([...ssl.fields.keys()].sort(), ['fail_if_no_peer_cert', 'password', 'server_name_indication', 'verify']);
    assert.equal(ssl.fields.get('verify')!.default, 'verify_none');
    assert.equal(ssl.fields.get('password')!.type, 'secret');
  });
});
