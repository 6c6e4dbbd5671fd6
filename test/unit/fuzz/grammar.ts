/**
 * Random HOCON documents from a grammar, as fast-check arbitraries. The
 * grammar covers what EMQX configs use and what the dialect notes call
 * surprising: objects written `k {`, `k = {`, `k : {`, dotted and quoted keys,
 * arrays (comma and newline separated), quoted / unquoted / triple-quoted
 * strings with escapes, substitutions (`${a.b}`, `${?x}`, self-references),
 * concatenations, includes (plain, `required(...)`, `file(...)`, unquoted,
 * missing, self-including), `#` and `//` comments, durations and sizes, and
 * the keys the rules look at (`node.cookie`, `rpc.*`, `cluster.*`), so the
 * rules see their own inputs with random shapes around them.
 *
 * Every generated document is syntactically plausible but not necessarily
 * valid: the grammar deliberately lets keys collide, substitutions dangle and
 * includes loop, because those are the paths where code tends to throw.
 */
import fc from 'fast-check';

/** Keys the rules read; mixing them in makes the rules walk their interesting branches. */
const RULE_KEYS = [
  'node.name',
  'node.cookie',
  'node.data_dir',
  'rpc.protocol',
  'rpc.driver',
  'rpc.port_discovery',
  'rpc.server_port',
  'rpc.tcp_server_port',
  'rpc.ssl_server_port',
  'rpc.certfile',
  'rpc.keyfile',
  'rpc.cacertfile',
  'rpc.verify',
  'rpc.enable_ssl',
  'rpc.ciphers',
  'rpc.tls_versions',
  'rpc.insecure_fallback',
  'cluster.proto_dist',
  'cluster.discovery_strategy',
  'cluster.static.seeds',
  'cluster.name',
  'listeners.ssl.default.bind',
];

const WORDS = ['emqx', 'node', 'rpc', 'ssl', 'tcp', 'a', 'b', 'c', 'default', 'cluster', 'x_y', 'k-1', '1', '0', 'inet_tls', 'inet_tcp', 'manual', 'stateless'];

const unquotedWord = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/));

const quotedChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', ' ', '.', '$', '{', '}', '#', '/', '@', 'é', '中', '😀') },
  { weight: 2, arbitrary: fc.constantFrom('\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\uD83D\\uDE00', '\\x', '\\') },
);
const quotedString = fc.array(quotedChar, { maxLength: 12 }).map((cs) => `"${cs.join('')}"`);
const tripleString = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom('a', '"', '""', '\n', '  ', '${x}', '\\n', '中'), { maxLength: 8 }))
  .map(([tilde, cs]) => `"""${tilde ? '~' : ''}${cs.join('')}"""`);

const keySegment = fc.oneof({ weight: 4, arbitrary: unquotedWord }, { weight: 1, arbitrary: quotedString });
const keyPath = fc.oneof({ weight: 3, arbitrary: fc.array(keySegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.')) }, { weight: 2, arbitrary: fc.constantFrom(...RULE_KEYS) });

const substitution = fc
  .tuple(fc.boolean(), fc.oneof(keyPath, fc.constantFrom('self', 'a.b', 'node.cookie', 'HOME', 'EMQX_NODE__NAME', 'missing.key')))
  .map(([optional, p]) => `\${${optional ? '?' : ''}${p}}`);

const number = fc.oneof(
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('0x10', '1e3', '.5', '-0', '007', '99999999999999999999999', '4370', '5369', '+1'),
);
const duration = fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'KB', 'MB', 'GB', '')).map(([n, u]) => `${n}${u}`);
const scalar = fc.oneof(
  { weight: 3, arbitrary: unquotedWord },
  { weight: 3, arbitrary: quotedString },
  { weight: 1, arbitrary: tripleString },
  { weight: 2, arbitrary: number },
  { weight: 2, arbitrary: duration },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', 'on', 'off', 'yes') },
  { weight: 2, arbitrary: substitution },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'emqx@127.0.0.1',
      'emqx1@node1.emqx.io',
      'emqxsecretcookie',
      '"emqxsecretcookie"',
      'ssl',
      'tcp',
      'inet_tls',
      'inet_tsl',
      '"etc/certs/cert.pem"',
      '"${EMQX_ETC_DIR}/certs/key.pem"',
      'verify_peer',
      '["emqx1@h1", "emqx2@h1"]',
    ),
  },
);

const includeDirective = fc
  .tuple(
    fc.constantFrom('a.conf', 'b.conf', 'emqx.conf', 'missing.conf', 'ssl_dist.conf', 'sub/c.conf', '../up.conf', '/abs/d.conf', ''),
    fc.constantFrom('plain', 'required', 'file', 'unquoted', 'required-file'),
  )
  .map(([target, form]) => {
    switch (form) {
      case 'required':
        return `include required("${target}")`;
      case 'file':
        return `include file("${target}")`;
      case 'unquoted':
        return `include ${target}`;
      case 'required-file':
        return `include required(file("${target}"))`;
      default:
        return `include "${target}"`;
    }
  });

const comment = fc
  .tuple(fc.constantFrom('#', '//', '# emqx-security-disable-next-line ', '# emqx-security-disable-file '), fc.constantFrom('', 'note', 'cookie-default -- test', 'rpc-plaintext', 'x, y --'))
  .map(([a, b]) => a + b);

const separator = fc.constantFrom('\n', ',', '\n\n', ', ', ';', '\r\n', ' ');
const assign = fc.constantFrom(' = ', ':', ' : ', '=', ' ', ' += ');

export interface GrammarOptions {
  /** Maximum object/array nesting produced by the grammar itself (mutations go deeper). */
  readonly maxDepth?: number;
}

/** A whole HOCON document. */
export function hoconDocument(options: GrammarOptions = {}): fc.Arbitrary<string> {
  const maxDepth = options.maxDepth ?? 4;
  const tree = fc.letrec<{ value: string; object: string; array: string; member: string; members: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth },
      { weight: 6, arbitrary: scalar },
      { weight: 2, arbitrary: fc.tuple(fc.array(scalar, { minLength: 2, maxLength: 3 }), fc.constantFrom(' ', '')).map(([xs, sep]) => xs.join(sep)) },
      { weight: 1, arbitrary: tie('object') },
      { weight: 1, arbitrary: tie('array') },
      { weight: 1, arbitrary: fc.tuple(substitution, tie('object')).map(([s, o]) => `${s} ${o}`) },
    ),
    object: tie('members').map((m) => `{${m}}`),
    array: fc.tuple(fc.array(tie('value'), { maxLength: 4 }), fc.constantFrom(', ', ',\n', '\n', ' '), fc.boolean()).map(([vs, sep, trailing]) => `[${vs.join(sep)}${trailing ? ',' : ''}]`),
    member: fc.oneof(
      { depthSize: 'small', maxDepth },
      { weight: 6, arbitrary: fc.tuple(keyPath, assign, tie('value')).map(([k, a, v]) => `${k}${a}${v}`) },
      { weight: 2, arbitrary: fc.tuple(keyPath, tie('object')).map(([k, o]) => `${k} ${o}`) },
      { weight: 1, arbitrary: includeDirective },
      { weight: 1, arbitrary: comment },
    ),
    members: fc.tuple(fc.array(fc.tuple(tie('member'), separator), { maxLength: 6 }), fc.constantFrom('', '\n', ' ')).map(([ms, pad]) => pad + ms.map(([m, s]) => m + s).join('') + pad),
  }));
  return fc.tuple(tree.members, fc.boolean(), fc.boolean()).map(([body, braces, bom]) => `${bom ? '\uFEFF' : ''}${braces ? `{${body}}` : body}`);
}

/** A random `ssl_dist.conf`-like Erlang term document. */
export function erlangTermsDocument(): fc.Arbitrary<string> {
  const atom = fc.constantFrom('verify', 'verify_peer', 'verify_none', 'certfile', 'keyfile', 'cacertfile', 'server', 'client', 'secure_renegotiate', 'true', "'quoted atom'", 'fail_if_no_peer_cert');
  const str = fc.constantFrom('"etc/certs/cert.pem"', '"/opt/emqx/etc/certs/key.pem"', '"\\x"', '"', '""', '"中"');
  const term = fc.letrec<{ term: string }>((tie) => ({
    term: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      { weight: 4, arbitrary: atom },
      { weight: 2, arbitrary: str },
      { weight: 1, arbitrary: fc.integer().map(String) },
      { weight: 2, arbitrary: fc.array(tie('term'), { maxLength: 4 }).map((xs) => `{${xs.join(', ')}}`) },
      { weight: 2, arbitrary: fc.array(tie('term'), { maxLength: 4 }).map((xs) => `[${xs.join(',\n ')}]`) },
      { weight: 1, arbitrary: fc.constantFrom('<<"bin">>', '% comment\n', '[a|b]', 'Var', '$a', '.') },
    ),
  }));
  return fc.array(term.term, { minLength: 1, maxLength: 3 }).map((ts) => ts.map((t) => `${t}.`).join('\n'));
}
