/**
 * A fast reader for the common case, used by the model layer: it builds only
 * the nodes the model reads (fields, keys, values, arrays, objects, includes;
 * no tokens, no trivia) in one pass over the text. It accepts a strict subset
 * of what `parseHocon` accepts and gives up (returns undefined) on anything
 * else — any error, any legal-but-surprising reading that deserves a warning
 * (whitespace-joined strings, invalid escapes), braces around the root,
 * unusual tokens, deep nesting — so the caller falls back to `parseHocon`,
 * which reports the problems. On the subset both produce the same model
 * input; a differential test (test/unit/syntax/fastParse.test.ts) checks it.
 *
 * The nodes it returns satisfy the CST interfaces the model consumes, except
 * that `children` is an empty shared array and literal `token`s are
 * placeholders: they are not a CST and must not be printed.
 */
import { ArrayNode, CstChild, FieldNode, IncludeNode, KeyNode, KeySegment, LiteralNode, ObjectNode, SubstNode, ValueNode } from './cst';
import type { Region } from './parser';
import { ArraySink, DottedKey, MemberSink } from './fastSink';
export { DottedKey } from './fastSink';
export type { ArraySink, MemberSink } from './fastSink';
import { isDigit, isLetter, isNewlineChar, isUnquotedRest, scanNumber, scanQuoted, scanSubst, Token, tripleValue, unescapeQuoted } from './lexer';

const NO_CHILDREN: CstChild[] = Object.freeze([]) as unknown as CstChild[];
/** Never written to: streamed members go to the sink. */
const NO_MEMBERS: Array<FieldNode | IncludeNode> = [];
const NO_TOKEN: Token = Object.freeze({ kind: 'unquoted', start: 0, end: 0 });
const MAX_FAST_DEPTH = 64;
/** The characters that continue an unquoted word (`isUnquotedRest`), by code. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_CHAR[c] = isUnquotedRest(c) ? 1 : 0;
/** What the common escapes of a quoted string stand for, by the code of the character after the backslash. */
const ESCAPED: Array<string | undefined> = [];
ESCAPED[92] = '\\';
ESCAPED[34] = '"';
ESCAPED[110] = '\n';
ESCAPED[116] = '\t';
ESCAPED[114] = '\r';
ESCAPED[98] = '\b';
ESCAPED[102] = '\f';
/** Slots of the reader's table of recurring key names and values (a power of two). */
const NAME_SLOTS = 8192;

class GiveUp {}

/** Where the member being read started, and its object's state there (see members()). */
interface LoopState {
  memberStart: number;
  streamedBefore: number;
  count: number;
  pendingComma: boolean;
}
const GIVE_UP = new GiveUp();

type Piece = LiteralNode | SubstNode | ArrayNode | ObjectNode;

class FastParser {
  i = 0;
  /** Whether the last skipTrivia crossed a line break. */
  private sawNewline = false;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  /** Skips whitespace, newlines and comments. */
  private skip(): void {
    const text = this.text;
    let i = this.i;
    let nl = false;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
      } else if (c === 10 || c === 13) {
        nl = true;
        i++;
      } else if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
        i++;
        while (i < this.n && !isNewlineChar(text.charCodeAt(i))) i++;
      } else if (c === 11 || c === 12 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
        // Rare trivia: leave it (and its exact handling) to the full parser.
        throw GIVE_UP;
      } else {
        break;
      }
    }
    this.i = i;
    this.sawNewline = nl;
  }

  /**
   * The key segment or value `text[start, end)`, as the same string object each
   * time it recurs (`enable`, `max_connections`, `16MB`, `"default"`, …): a big
   * config repeats a few hundred names and values thousands of times, and each
   * copy would live as long as the config.
   */
  private name(start: number, end: number): string {
    const text = this.text;
    let h = 0;
    for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    return this.intern(start, end, h);
  }

  /** name() for a segment whose hash (as name() computes it) is known. */
  private intern(start: number, end: number, h: number): string {
    const text = this.text;
    const len = end - start;
    if (len > 48) return text.slice(start, end);
    const slot = (h + len) & (NAME_SLOTS - 1);
    const hit = this.names[slot];
    if (hit !== undefined && hit.length === len && text.startsWith(hit, start)) return hit;
    return (this.names[slot] = text.slice(start, end));
  }

  private readonly names: Array<string | undefined> = new Array<string | undefined>(NAME_SLOTS).fill(undefined);

  /** Set by keyEnd(): the word's number of `.`, their offsets, the hash (as name() computes it) of each segment before a `.`, and of the last segment (the whole word without a `.`). */
  private keyDots = 0;
  private readonly dotAt: number[] = [];
  private readonly segHashes: number[] = [];
  private keyHash = 0;

  /** wordEnd() for a word that starts a member, noting its segments' hashes on the way. */
  private keyEnd(i: number): number {
    const text = this.text;
    const n = this.n;
    let h = 0;
    let dots = 0;
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 128 || WORD_CHAR[c] === 0) break;
      if (c === 46) {
        this.dotAt[dots] = j;
        this.segHashes[dots++] = h;
        h = 0;
      } else h = (Math.imul(h, 31) + c) | 0;
      j++;
    }
    this.keyHash = h;
    this.keyDots = dots;
    return j;
  }

  private wordEnd(i: number): number {
    const text = this.text;
    const n = this.n;
    let j = i + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 128 || WORD_CHAR[c] === 0) break;
      j++;
    }
    return j;
  }

  /** Whether the next significant character after `from` is `=`, `:` or `{`. */
  private keyFollows(from: number): boolean {
    const save = this.i;
    const saveNl = this.sawNewline;
    this.i = from;
    this.skip();
    const c = this.text.charCodeAt(this.i);
    this.i = save;
    this.sawNewline = saveNl;
    return c === 61 || c === 58 || c === 123;
  }

  parseRoot(sink?: MemberSink): ObjectNode {
    this.skip();
    if (this.text.charCodeAt(this.i) === 123) throw GIVE_UP;
    const root: ObjectNode = { kind: 'object', braced: false, members: [], children: NO_CHILDREN, start: 0, end: this.n };
    this.members(root.members, false, 0, sink);
    if (this.i < this.n) throw GIVE_UP;
    return root;
  }

  /**
   * Members into `out`, or handed to `sink` as they are read (streaming). With a
   * sink that can recover, a member this reader gives up on is handed to the full
   * parser (MemberSink.recover) together with what follows it up to the next line
   * that starts a member, provided nothing of that member reached the sink yet;
   * then reading goes on here.
   */
  private members(out: Array<FieldNode | IncludeNode>, braced: boolean, depth: number, sink?: MemberSink): void {
    const recover = sink?.recover;
    if (!recover) return this.memberLoop(out, braced, depth, sink, undefined);
    // One state per depth, reused: the members() calls under way are one per depth.
    const at = (this.loopStates[depth] ??= { memberStart: 0, streamedBefore: 0, count: 0, pendingComma: false });
    let resume: Region | undefined;
    for (;;) {
      try {
        this.memberLoop(out, braced, depth, sink, at, resume);
        return;
      } catch (e) {
        if (e !== GIVE_UP || this.streamed !== at.streamedBefore) throw e;
        // What follows a member may still be part of its value (EMQX joins `a = foo bar`, and
        // newlines do not end a value): only a member after a comma, the object's first member,
        // or one that starts with what ends a value (a key, an include, `,`, `}`, `]`) is re-read alone.
        if (at.count > 0 && !at.pendingComma && !this.endsValueAt(at.memberStart)) throw e;
        // Before the root's first member, what the file starts with decides how all of it is read
        // (a root in braces after characters EMQX rejects): the full parser reads the whole file.
        if (depth === 0 && at.count === 0 && !at.pendingComma) throw e;
        const region: Region = { start: at.memberStart, end: -1, hadMember: at.count > 0, pendingComma: at.pendingComma };
        if (!recover.call(sink, region, braced, depth) || region.end <= at.memberStart) throw GIVE_UP;
        this.i = region.end;
        resume = region;
      }
    }
  }

  private readonly loopStates: LoopState[] = [];

  /** How many members and arrays were handed to a sink (a member that reached one cannot be re-read). */
  private streamed = 0;

  /** A member read whole: to the sink when there is one (then it cannot be re-read), else to `out`. */
  private emit(m: FieldNode | IncludeNode, out: Array<FieldNode | IncludeNode>, sink: MemberSink | undefined): void {
    if (sink) {
      this.streamed++;
      sink.member(m);
    } else out.push(m);
  }

  private memberLoop(out: Array<FieldNode | IncludeNode>, braced: boolean, depth: number, sink: MemberSink | undefined, at: LoopState | undefined, resume?: Region): void {
    const text = this.text;
    let pendingComma = resume?.pendingComma ?? false;
    let count = resume?.hadMember ? 1 : 0;
    for (;;) {
      if (at) {
        // Noted before each member, for members() when this one is given up on.
        at.memberStart = this.i;
        at.streamedBefore = this.streamed;
        at.count = count;
        at.pendingComma = pendingComma;
      }
      this.skip();
      if (this.i >= this.n) break;
      const c = text.charCodeAt(this.i);
      if (c === 125) {
        if (!braced) throw GIVE_UP;
        break;
      }
      if (c === 44) {
        if (count === 0 || pendingComma) throw GIVE_UP;
        pendingComma = true;
        this.i++;
        continue;
      }
      pendingComma = false;
      if (isLetter(c)) {
        const end = this.keyEnd(this.i);
        const len = end - this.i;
        count++;
        if (len === 7 && text.startsWith('include', this.i)) {
          this.emit(this.include(), out, sink);
          continue;
        }
        // Keywords are not keys (the full parser reports them).
        if ((len === 4 && (text.startsWith('true', this.i) || text.startsWith('null', this.i))) || (len === 5 && text.startsWith('false', this.i))) {
          throw GIVE_UP;
        }
        const f = this.field(depth, end, sink);
        if (f) this.emit(f, out, sink);
        continue;
      }
      if (c === 34 && text.charCodeAt(this.i + 1) !== 34) {
        count++;
        const f = this.field(depth, -1, sink);
        if (f) this.emit(f, out, sink);
        continue;
      }
      throw GIVE_UP;
    }
    if (pendingComma) throw GIVE_UP;
  }

  private include(): IncludeNode {
    const text = this.text;
    const start = this.i;
    this.i += 7;
    this.skip();
    const t = this.i;
    let target: string;
    let required = false;
    if (text.charCodeAt(t) === 34 && text.charCodeAt(t + 1) !== 34) {
      const end = scanQuoted(text, t);
      if (end < 0) throw GIVE_UP;
      const u = unescapeQuoted(text.slice(t, end));
      if (u.invalidEscape || u.unescapedQuote) throw GIVE_UP;
      target = u.value;
      this.i = end;
    } else if (text.startsWith('required("', t)) {
      const end = scanQuoted(text, t + 9);
      if (end < 0 || text.charCodeAt(end) !== 41) throw GIVE_UP;
      const u = unescapeQuoted(text.slice(t + 9, end));
      if (u.invalidEscape || u.unescapedQuote) throw GIVE_UP;
      target = u.value.trim();
      required = true;
      this.i = end + 1;
    } else if (isLetter(text.charCodeAt(t))) {
      const end = this.wordEnd(t);
      target = text.slice(t, end);
      if (target === 'true' || target === 'false' || target === 'null' || target === 'include' || target === 'required') throw GIVE_UP;
      this.i = end;
    } else {
      throw GIVE_UP;
    }
    return { kind: 'include', required, target, targetStart: t, targetEnd: this.i, children: NO_CHILDREN, start, end: this.i };
  }

  private key(wordEnd: number): KeyNode {
    const text = this.text;
    const start = this.i;
    if (wordEnd >= 0) {
      const segments: KeySegment[] = [];
      let s = start;
      for (let k = start; k <= wordEnd; k++) {
        if (k === wordEnd || text.charCodeAt(k) === 46) {
          if (k === s) throw GIVE_UP;
          segments.push({ text: this.name(s, k), start: s, end: k });
          s = k + 1;
        }
      }
      this.i = wordEnd;
      return { kind: 'key', quoted: false, segments, children: NO_CHILDREN, start, end: wordEnd };
    }
    const end = scanQuoted(text, start);
    if (end < 0) throw GIVE_UP;
    const u = unescapeQuoted(text.slice(start, end));
    if (u.invalidEscape || u.unescapedQuote) throw GIVE_UP;
    this.i = end;
    return { kind: 'key', quoted: true, segments: [{ text: u.value, start, end }], children: NO_CHILDREN, start, end };
  }

  /**
   * A field; with a sink, an object-valued field is streamed into it, a
   * plain key set to one literal is handed over without nodes (scalar()),
   * and undefined returned.
   */
  private field(depth: number, wordEnd: number, sink: MemberSink | undefined): FieldNode | undefined {
    const start = this.i;
    // With a sink, an unquoted key (members() has just scanned it with keyEnd()) is read without a node:
    // its name and hash, or the dotted-key scratch (a node is made only if the value needs nodes).
    let key: KeyNode | undefined;
    let name: string | DottedKey | undefined;
    let hash = 0;
    if (sink !== undefined && wordEnd >= 0) {
      name = this.keyDots > 0 ? this.dottedKey(start, wordEnd) : this.intern(start, wordEnd, this.keyHash);
      hash = this.keyHash;
      this.i = wordEnd;
    } else {
      key = this.key(wordEnd);
    }
    this.skip();
    const c = this.text.charCodeAt(this.i);
    if (c === 61 || c === 58) {
      this.i++;
      this.skip();
    } else if (c !== 123) {
      throw GIVE_UP;
    }
    if (sink && name !== undefined) {
      if (this.scalar(sink, start, wordEnd, name, hash)) return undefined;
      if (this.text.charCodeAt(this.i) === 123) {
        // An object literal is always the whole value here: anything joined
        // to it makes the fast reader give up (see value()).
        if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
        this.streamed++;
        const nested = sink.openObject(name, hash, start, this.i);
        this.i++;
        this.members(NO_MEMBERS, true, depth + 1, nested);
        if (this.text.charCodeAt(this.i) !== 125) throw GIVE_UP;
        this.i++;
        const end = this.i;
        this.endOfValue();
        sink.closeObject(end);
        return undefined;
      }
      if (this.text.charCodeAt(this.i) === 91) {
        // Likewise an array literal (see value()): its elements are streamed.
        if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
        this.streamed++;
        this.elements(sink.openArray(name, hash, start, this.i), depth + 1);
        const end = this.i;
        this.endOfValue();
        sink.closeArray(end);
        return undefined;
      }
      key = typeof name === 'string' ? { kind: 'key', quoted: false, segments: [{ text: name, start, end: wordEnd }], children: NO_CHILDREN, start, end: wordEnd } : name.node();
    }
    const value = this.value(depth, false);
    return { kind: 'field', key: key!, value, children: NO_CHILDREN, start, end: value.end };
  }

  /** The reusable dotted key handed to sinks. */
  private readonly scratch = new DottedKey();

  /** The dotted unquoted key `text[start, wordEnd)` just scanned by keyEnd(), read into the scratch with the dots and segment hashes it noted; gives up on an empty segment. */
  private dottedKey(start: number, wordEnd: number): DottedKey {
    const d = this.scratch;
    let count = 0;
    let s = start;
    for (;;) {
      const last = count === this.keyDots;
      const k = last ? wordEnd : this.dotAt[count];
      if (k === s) throw GIVE_UP;
      const h = (d.hashes[count] = last ? this.keyHash : this.segHashes[count]);
      d.names[count] = this.intern(s, k, h);
      d.starts[count] = s;
      d.ends[count] = k;
      count++;
      if (last) break;
      s = k + 1;
    }
    d.count = count;
    d.start = start;
    d.end = wordEnd;
    return d;
  }

  /**
   * The value at `this.i` when it is one literal that ends there (the test
   * value() makes after each piece), handed to `sink.scalar` without nodes.
   * False, with `this.i` unchanged, for anything else: value() then reads it
   * (or gives up) as usual.
   */
  private scalar(sink: MemberSink, fieldStart: number, keyEnd: number, key: string | DottedKey, keyHash: number): boolean {
    const text = this.text;
    const vs = this.i;
    if (!this.literal(vs)) return false;
    const end = this.litEnd;
    // As in value(): only an immediately adjacent piece continues the value.
    this.i = end;
    this.skip();
    if (this.i === end && this.i < this.n) {
      const d = text.charCodeAt(this.i);
      if (!(d === 44 || d === 125 || d === 93 || (isLetter(d) && this.isKeyOrInclude(this.i)) || (d === 34 && this.isQuotedKey(this.i)))) {
        this.i = vs;
        return false;
      }
    }
    this.streamed++;
    sink.scalar(key, keyHash, fieldStart, keyEnd, vs, end, this.litValue, this.litQuoting, this.litFloat);
    return true;
  }

  /** The last literal read by literal(): where it ends, its value, quoting and whether it is a float. */
  private litEnd = 0;
  private litValue: string | number | boolean | null = null;
  private litQuoting: LiteralNode['quoting'] = undefined;
  private litFloat = false;

  /**
   * Reads the literal at `vs` as piece() would (a quoted string other than
   * triple-quoted, a word, a number or a number with a unit) into the `lit`
   * fields, without moving `this.i` or making nodes. False for anything
   * else, and for anything piece() gives up on: value() then reads it (or
   * gives up) as usual.
   */
  private literal(vs: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(vs);
    this.litFloat = false;
    if (c === 34) {
      if (text.charCodeAt(vs + 1) === 34 && text.charCodeAt(vs + 2) === 34) return false;
      // A string with no escape ends at the next quote (what scanQuoted finds for it).
      let k = vs + 1;
      let h = 0;
      for (; k < this.n; k++) {
        const q = text.charCodeAt(k);
        if (q === 34) break;
        if (q === 92) return this.escapedString(vs);
        if (q === 10 || q === 13 || q === 0x2028 || q === 0x2029) return false;
        h = (Math.imul(h, 31) + q) | 0;
      }
      if (k >= this.n) return false;
      this.litEnd = k + 1;
      this.litValue = this.intern(vs + 1, k, h);
      this.litQuoting = 'quoted';
      return true;
    }
    if (isLetter(c)) {
      const end = this.wordEnd(vs);
      const len = end - vs;
      this.litEnd = end;
      this.litQuoting = undefined;
      if (len === 4 && text.startsWith('true', vs)) this.litValue = true;
      else if (len === 5 && text.startsWith('false', vs)) this.litValue = false;
      else if (len === 4 && text.startsWith('null', vs)) this.litValue = null;
      else if ((len === 7 && text.startsWith('include', vs)) || (len === 8 && text.startsWith('required', vs))) return false;
      else {
        this.litValue = this.name(vs, end);
        this.litQuoting = 'unquoted';
      }
      return true;
    }
    if (isDigit(c) || c === 43 || c === 45 || c === 46) {
      if (isDigit(c) && this.plainInteger(vs)) return true;
      const m = scanNumber(text, vs);
      if (!m) return false;
      const end = m.end;
      if (end < this.n && isUnquotedRest(text.charCodeAt(end)) && text.charCodeAt(end) !== 46) return false;
      this.litEnd = end;
      if (m.kind === 'unit') {
        this.litValue = this.name(vs, end);
        this.litQuoting = 'unit';
      } else {
        this.litValue = Number(text.slice(vs, end));
        this.litQuoting = undefined;
        this.litFloat = m.kind === 'float';
      }
      return true;
    }
    return false;
  }

  /**
   * literal() for the most common number: unsigned digits (at most 15, so
   * exact as a double) followed by a character that ends a word, which
   * scanNumber reads as an integer with nothing glued to it. Its value is
   * summed from the digits (no slice, no match object). False, with nothing
   * set, for anything else (a float, a unit, a sign): scanNumber reads it.
   */
  private plainInteger(vs: number): boolean {
    const text = this.text;
    let k = vs;
    let v = 0;
    for (; k < this.n; k++) {
      const d = text.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (k - vs > 15) return false;
    if (k < this.n) {
      const e = text.charCodeAt(k);
      if (e >= 128) return false;
      if (WORD_CHAR[e] === 1) return this.plainUnit(vs, k);
    }
    this.litEnd = k;
    this.litValue = v;
    this.litQuoting = undefined;
    return true;
  }

  /**
   * plainInteger() for digits followed by a duration or size unit (`15s`,
   * `100ms`, `8MB`) or `%` and then a character that ends a word: the value
   * is the text, as scanNumber's longest match reads it (shared when it
   * recurs, see name()). False for anything else (scanNumber decides).
   */
  private plainUnit(vs: number, digitsEnd: number): boolean {
    const text = this.text;
    const c1 = text.charCodeAt(digitsEnd);
    const c2 = text.charCodeAt(digitsEnd + 1);
    let u = 0;
    if ((c1 === 109 && c2 === 115) || (c1 === 77 && c2 === 83)) u = 2;
    else if ((c1 === 107 || c1 === 109 || c1 === 103) && c2 === 98) u = 2;
    else if ((c1 === 75 || c1 === 77 || c1 === 71) && c2 === 66) u = 2;
    else if (c1 === 100 || c1 === 104 || c1 === 109 || c1 === 115 || c1 === 98 || c1 === 68 || c1 === 72 || c1 === 77 || c1 === 83 || c1 === 66 || c1 === 37) u = 1;
    if (u === 0) return false;
    const end = digitsEnd + u;
    if (end < this.n) {
      const e = text.charCodeAt(end);
      if (e >= 128 || WORD_CHAR[e] === 1) return false;
    }
    this.litEnd = end;
    this.litValue = this.name(vs, end);
    this.litQuoting = 'unit';
    return true;
  }

  /**
   * literal() for a quoted string with escapes, read as piece() reads it. The
   * common escapes (`\\ \" \n \t \r \b \f`) are read here in one pass, the runs
   * between them joined once in a reused array; a `\u`, an unknown escape, a
   * line end, or a closing quote right after an escaped backslash (which the
   * lexer's scan reads differently) are left to scanQuoted and unescapeQuoted.
   */
  private escapedString(vs: number): boolean {
    const text = this.text;
    const parts = this.parts;
    let from = vs + 1;
    let k = from;
    for (; k < this.n; k++) {
      const q = text.charCodeAt(k);
      if (q === 34) break;
      if (isNewlineChar(q)) break;
      if (q !== 92) continue;
      const e = ESCAPED[text.charCodeAt(k + 1)];
      if (e === undefined) break;
      parts.push(text.slice(from, k), e);
      from = k + 2;
      k++;
    }
    if (k >= this.n || text.charCodeAt(k) !== 34 || text.charCodeAt(k - 1) === 92) {
      parts.length = 0;
      return this.unescapedString(vs);
    }
    parts.push(text.slice(from, k));
    const value = parts.join('');
    parts.length = 0;
    this.litEnd = k + 1;
    this.litValue = value;
    this.litQuoting = 'quoted';
    return true;
  }

  /** The runs and escapes of the quoted string escapedString() reads (empty between calls). */
  private readonly parts: string[] = [];

  /** escapedString() for what it leaves to the lexer's functions. */
  private unescapedString(vs: number): boolean {
    const end = scanQuoted(this.text, vs);
    if (end < 0) return false;
    const u = unescapeQuoted(this.text.slice(vs, end));
    if (u.invalidEscape || u.unescapedQuote) return false;
    this.litEnd = end;
    this.litValue = u.value;
    this.litQuoting = 'quoted';
    return true;
  }

  /**
   * The elements of the array literal at `this.i` (its `[`), handed to `sink`
   * as they are read: arrayBody() with element() as its step, written out so
   * that an array costs no closure.
   */
  private elements(sink: ArraySink, depth: number): void {
    const text = this.text;
    this.i++;
    for (;;) {
      this.skip();
      if (text.charCodeAt(this.i) === 93) break;
      if (this.i >= this.n) throw GIVE_UP;
      this.element(sink, depth);
      if (!this.afterElement()) break;
    }
    this.i++;
  }

  /**
   * The array literal at `this.i` (its `[`) up to and past its `]`, each
   * element read by `each`; gives up on a trailing or missing comma and
   * anything else the full parser reports. After an element, what value()
   * accepts in an array comes down to a `,` or the `]` next (anything else
   * makes it or this loop give up).
   */
  private arrayBody(each: () => void): void {
    const text = this.text;
    this.i++;
    for (;;) {
      this.skip();
      if (text.charCodeAt(this.i) === 93) break;
      if (this.i >= this.n) throw GIVE_UP;
      each();
      if (!this.afterElement()) break;
    }
    this.i++;
  }

  /** After an array element: true past a `,` (more to read), false at the `]`; gives up on anything else. */
  private afterElement(): boolean {
    const text = this.text;
    this.skip();
    const e = text.charCodeAt(this.i);
    if (e === 44) {
      this.i++;
      this.skip();
      if (text.charCodeAt(this.i) === 93) throw GIVE_UP; // trailing comma
      return true;
    }
    if (e !== 93) throw GIVE_UP;
    return false;
  }

  /** One array element (value(depth, true) in piece()), streamed into `sink`. */
  private element(sink: ArraySink, depth: number): void {
    const text = this.text;
    const at = this.i;
    const c = text.charCodeAt(at);
    if (c === 123) {
      if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
      const members = sink.openObject(at);
      this.i++;
      this.members(NO_MEMBERS, true, depth + 1, members);
      if (text.charCodeAt(this.i) !== 125) throw GIVE_UP;
      this.i++;
      return;
    }
    if (c === 91) {
      if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
      this.elements(sink.openArray(at), depth + 1);
      return;
    }
    if (this.literal(at)) {
      this.i = this.litEnd;
      sink.literal(at, this.litEnd, this.litValue, this.litQuoting, this.litFloat);
      return;
    }
    sink.element(this.value(depth, true));
  }

  /** After a complete value: the next thing must end it, as in value(). */
  private endOfValue(): void {
    this.skip();
    if (this.i >= this.n) return;
    const d = this.text.charCodeAt(this.i);
    if (d === 44 || d === 125 || d === 93) return;
    if (d === 123 && this.sawNewline) return;
    // A word or a quoted string must be the next key (or an include):
    // members() reads it next and gives up when it is not.
    if (isLetter(d) || d === 34) return;
    throw GIVE_UP;
  }

  /** A value up to its boundary; gives up on anything the full parser would warn or complain about. */
  private value(depth: number, inArray: boolean): ValueNode {
    const text = this.text;
    // Most values are one piece: an array of one, grown only for a concatenation.
    let pieces: Piece[] | undefined;
    for (;;) {
      const at = this.i;
      if (at >= this.n) break;
      const c = text.charCodeAt(at);
      if (pieces !== undefined) {
        // Between pieces: only an immediately adjacent piece continues the value.
        const before = this.i;
        this.skip();
        const gap = this.i > before;
        const d = text.charCodeAt(this.i);
        if (this.i >= this.n || d === 44 || d === 125 || d === 93) break;
        // After a gap the value ends here whatever follows: a key (members()
        // reads it), or something the caller rejects, exactly as the checks
        // below would (a word that is not a key, a `{` on the same line, any
        // other piece after blanks all make the caller give up). This saves
        // scanning every key twice.
        if (gap) break;
        if (d === 123 && this.sawNewline) break;
        if (isLetter(d) && this.isKeyOrInclude(this.i)) break;
        if (d === 34 && this.isQuotedKey(this.i)) break;
        if (inArray) throw GIVE_UP;
        const prev = pieces[pieces.length - 1];
        if (prev.kind === 'literal' && prev.type !== 'string') throw GIVE_UP;
        const p = this.piece(depth);
        if (p.kind === 'literal' && p.type !== 'string') throw GIVE_UP;
        if (p.kind === 'object' || p.kind === 'array' || prev.kind === 'object' || prev.kind === 'array') throw GIVE_UP;
        pieces.push(p);
        continue;
      }
      if (c === 44 || c === 125 || c === 93 || c === 61 || c === 58) throw GIVE_UP;
      // A first word that is a key (`a =⏎b = 1`) is not a value: the next
      // round sees the `=`, `:` or `{` after it and gives up (a `{` on a new
      // line makes members() give up), so only include/required need a look.
      // The same holds for a quoted first piece followed by `=`, `:` or `{`.
      pieces = [this.piece(depth)];
      if (isLetter(c)) {
        const len = this.i - at;
        if ((len === 7 && text.startsWith('include', at)) || (len === 8 && text.startsWith('required', at))) throw GIVE_UP;
      }
    }
    if (pieces === undefined) throw GIVE_UP;
    // Leave trailing trivia to the caller (already skipped: harmless, the caller skips again).
    return { kind: 'value', pieces, children: NO_CHILDREN, start: pieces[0].start, end: pieces[pieces.length - 1].end };
  }

  private isQuotedKey(at: number): boolean {
    if (this.text.charCodeAt(at + 1) === 34 && this.text.charCodeAt(at + 2) === 34) return false;
    const end = scanQuoted(this.text, at);
    return end > 0 && this.keyFollows(end);
  }

  /** Whether the first significant thing at or after `from` ends a value before it (see members()). */
  private endsValueAt(from: number): boolean {
    const save = this.i;
    const saveNl = this.sawNewline;
    try {
      this.i = from;
      this.skip();
      const at = this.i;
      if (at >= this.n) return false;
      const c = this.text.charCodeAt(at);
      if (c === 44 || c === 125 || c === 93) return true;
      if (c === 34) return this.isQuotedKey(at);
      if (!isLetter(c)) return false;
      const word = this.text.slice(at, this.wordEnd(at));
      if (word === 'include') return true;
      if (word === 'true' || word === 'false' || word === 'null' || word === 'required') return false;
      return this.keyFollows(at + word.length);
    } catch {
      return false;
    } finally {
      this.i = save;
      this.sawNewline = saveNl;
    }
  }

  private isKeyOrInclude(at: number): boolean {
    const end = this.wordEnd(at);
    if (end - at === 7 && this.text.startsWith('include', at)) return true;
    if (end - at === 8 && this.text.startsWith('required', at)) return true;
    return this.keyFollows(end);
  }

  private piece(depth: number): Piece {
    const text = this.text;
    const start = this.i;
    const c = text.charCodeAt(start);
    if (c === 123) {
      if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
      this.i++;
      const obj: ObjectNode = { kind: 'object', braced: true, members: [], children: NO_CHILDREN, start, end: start };
      this.members(obj.members, true, depth + 1);
      if (text.charCodeAt(this.i) !== 125) throw GIVE_UP;
      this.i++;
      obj.end = this.i;
      return obj;
    }
    if (c === 91) {
      if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
      const arr: ArrayNode = { kind: 'array', elements: [], children: NO_CHILDREN, start, end: start };
      this.arrayBody(() => arr.elements.push(this.value(depth + 1, true)));
      arr.end = this.i;
      return arr;
    }
    if (c === 34) {
      if (text.charCodeAt(start + 1) === 34 && text.charCodeAt(start + 2) === 34) {
        const close = text.indexOf('"""', start + 3);
        if (close < 0 || text.charCodeAt(close + 3) === 34) throw GIVE_UP;
        this.i = close + 3;
        return this.lit('string', tripleValue(text.slice(start, this.i)), start, 'triple');
      }
      const end = scanQuoted(text, start);
      if (end < 0) throw GIVE_UP;
      // Most quoted strings have no escape and no inner quote: take them as they are.
      let plain = true;
      for (let k = start + 1; k < end - 1; k++) {
        const q = text.charCodeAt(k);
        if (q === 92 || q === 34) {
          plain = false;
          break;
        }
      }
      this.i = end;
      if (plain) return this.lit('string', text.slice(start + 1, end - 1), start, 'quoted');
      const u = unescapeQuoted(text.slice(start, end));
      if (u.invalidEscape || u.unescapedQuote) throw GIVE_UP;
      return this.lit('string', u.value, start, 'quoted');
    }
    if (c === 36) {
      const end = scanSubst(text, start);
      if (end < 0 || text.charCodeAt(start + 1) !== 123) throw GIVE_UP;
      this.i = end;
      const optional = text.charCodeAt(start + 2) === 63;
      return { kind: 'subst', optional, path: text.slice(start + (optional ? 3 : 2), end - 1), token: NO_TOKEN, children: NO_CHILDREN, start, end };
    }
    if (isLetter(c)) {
      const end = this.wordEnd(start);
      this.i = end;
      const len = end - start;
      if (len === 4 && text.startsWith('true', start)) return this.lit('boolean', true, start);
      if (len === 5 && text.startsWith('false', start)) return this.lit('boolean', false, start);
      if (len === 4 && text.startsWith('null', start)) return this.lit('null', null, start);
      return this.lit('string', text.slice(start, end), start, 'unquoted');
    }
    if (isDigit(c) || c === 43 || c === 45 || c === 46) {
      const m = scanNumber(text, start);
      if (!m) throw GIVE_UP;
      this.i = m.end;
      // A number glued to a word (1.5s, 100us, 1e10) is an error: the full parser reports it.
      if (m.end < this.n && isUnquotedRest(text.charCodeAt(m.end)) && text.charCodeAt(m.end) !== 46) throw GIVE_UP;
      if (m.kind === 'unit') return this.lit('string', text.slice(start, m.end), start, 'unit');
      return { kind: 'literal', type: 'number', value: Number(text.slice(start, m.end)), float: m.kind === 'float' || undefined, token: NO_TOKEN, children: NO_CHILDREN, start, end: m.end };
    }
    throw GIVE_UP;
  }

  private lit(type: LiteralNode['type'], value: string | number | boolean | null, start: number, quoting?: LiteralNode['quoting']): LiteralNode {
    return { kind: 'literal', type, value, quoting, token: NO_TOKEN, children: NO_CHILDREN, start, end: this.i };
  }
}

/**
 * The top-level object of `text` as the model reads it, or undefined when the
 * text needs the full parser (errors, warnings, unusual constructs). With a
 * `sink`, top-level members are handed over as they are read (and not kept
 * in the returned object), so their nodes can be collected early; members
 * already handed over before a give-up are the caller's to discard.
 */
export function fastParse(text: string, sink?: MemberSink): ObjectNode | undefined {
  if (text.indexOf('\uFFFD') >= 0) return undefined;
  try {
    return new FastParser(text).parseRoot(sink);
  } catch (e) {
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}
