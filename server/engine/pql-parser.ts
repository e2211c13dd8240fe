// The PQL subset computed attributes use (issue 9): a tokenizer and a recursive-descent parser with
// positions. Pure: no I/O, no clock. Anything outside the subset is refused with a PqlError naming
// the position and what was expected there — an expression is never half-understood.
//
//   attribute  := 'xEvent' ( '[' condition ']' )? '.' function '(' field? ')'
//   function   := 'sum' | 'count' | 'min' | 'max' | 'mostRecent'       (count's field is optional)
//   condition  := and ( 'or' and )*
//   and        := unary ( 'and' unary )*
//   unary      := 'not' unary | primary
//   primary    := '(' condition ')'
//               | 'timestamp' 'occurs' '<=' INTEGER unit 'before' 'now'
//               | 'exists' field
//               | field ( compare literal | '.' 'exists' '(' ')' | '.' ( 'contains' | 'startsWith' ) '(' STRING ')' )
//   compare    := '=' | '!=' | '<' | '<=' | '>' | '>='
//   literal    := NUMBER | '-' NUMBER | STRING | 'true' | 'false'
//   unit       := hour[s] | day[s] | week[s] | month[s]               (case-insensitive)
//   field      := IDENT ( '.' IDENT )*                                 IDENT = [A-Za-z_][A-Za-z0-9_]*
//
// Strings are double-quoted JSON strings (\" \\ \/ \b \f \n \r \t \uXXXX escapes). Keywords and
// function names are case-sensitive, as in PQL. `and` binds tighter than `or`; `not` tightest.
import { CA_FUNCTIONS, DURATION_BOUNDS, type CaFunction, type DurationUnit } from '../../contracts/computed-attributes.ts';

export interface PqlPosition {
  /** 0-based offset into the source. */
  offset: number;
  /** 1-based. */
  line: number;
  column: number;
}

/** A refused expression: what is wrong, where (when it is in the text), and what would have been accepted there. */
export class PqlError extends Error {
  constructor(
    message: string,
    readonly position: PqlPosition | null,
    readonly expected: string[] = [],
  ) {
    super(message);
    this.name = 'PqlError';
  }
}

export function positionAt(source: string, offset: number): PqlPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

// ------------------------------------------------------------------------------------------- AST

export interface Span {
  start: number;
  end: number;
}

export interface FieldRef extends Span {
  /** Path segments, e.g. ['commerce', 'order', 'priceTotal']. */
  path: string[];
  /** Dotted form. */
  text: string;
}

export type Literal = Span & ({ kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'boolean'; value: boolean });

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export const COMPARE_OPS: readonly CompareOp[] = ['=', '!=', '<', '<=', '>', '>='];

export type Condition =
  | ({ type: 'and' | 'or'; left: Condition; right: Condition } & Span)
  | ({ type: 'not'; operand: Condition } & Span)
  | ({ type: 'compare'; field: FieldRef; op: CompareOp; literal: Literal } & Span)
  | ({ type: 'exists'; field: FieldRef } & Span)
  | ({ type: 'contains' | 'startsWith'; field: FieldRef; literal: Literal & { kind: 'string' } } & Span)
  | ({ type: 'occurs'; count: number; unit: DurationUnit } & Span);

export interface PqlExpression {
  source: string;
  condition: Condition | null;
  fn: CaFunction;
  fnSpan: Span;
  field: FieldRef | null;
}

// ------------------------------------------------------------------------------------ tokenizer

type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'punct' | 'eof';

interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Decoded value (strings, numbers). */
  value?: string | number;
  start: number;
  end: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the expression';
    case 'string':
      return `the string ${token.text.length > 40 ? token.text.slice(0, 37) + '…"' : token.text}`;
    case 'number':
      return `the number ${token.text}`;
    default:
      return `"${token.text.length > 40 ? token.text.slice(0, 40) + '…' : token.text}"`;
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, at: number, expected: string[] = []) => {
    throw new PqlError(`${message} at ${where(source, at)}`, positionAt(source, at), expected);
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (IDENT_START.test(c)) {
      while (i < source.length && IDENT_PART.test(source[i])) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (DIGIT.test(c)) {
      while (i < source.length && DIGIT.test(source[i])) i++;
      if (source[i] === '.') {
        if (!DIGIT.test(source[i + 1] ?? '')) fail(`Malformed number "${source.slice(start, i + 1)}": a decimal point needs digits after it`, start, ['a number']);
        i++;
        while (i < source.length && DIGIT.test(source[i])) i++;
      }
      if (source[i] === 'e' || source[i] === 'E') {
        let j = i + 1;
        if (source[j] === '+' || source[j] === '-') j++;
        if (!DIGIT.test(source[j] ?? '')) fail('Malformed number: an exponent needs digits', j, ['digits']);
        i = j;
        while (i < source.length && DIGIT.test(source[i])) i++;
      }
      if (i < source.length && IDENT_START.test(source[i])) fail(`Malformed number "${source.slice(start, i + 1)}"`, start, ['a number']);
      const text = source.slice(start, i);
      const value = Number(text);
      if (!Number.isFinite(value)) fail(`The number ${text} is too large`, start, ['a number']);
      tokens.push({ kind: 'number', text, value, start, end: i });
      continue;
    }
    if (c === '"') {
      i++;
      let value = '';
      for (;;) {
        if (i >= source.length) fail('Unterminated string: a closing " is missing for the string that starts', start, ['"']);
        const d = source[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\n' || d === '\r') fail('Unterminated string: strings cannot span lines; the string starts', start, ['"']);
        if (d === '\\') {
          const e = source[i + 1];
          if (e === 'u') {
            const hex = source.slice(i + 2, i + 6);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail('Invalid \\u escape: expected four hexadecimal digits', i, ['four hexadecimal digits']);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          if (e === undefined || !(e in ESCAPES)) fail(`Invalid escape \\${e ?? ''} in a string`, i, ['\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX']);
          value += ESCAPES[e!];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: source.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === "'") fail('Strings use double quotes: "like this"', start, ['"']);
    const two = source.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=') {
      tokens.push({ kind: 'op', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (two === '==') fail('Use = to compare (not ==)', start, ['=']);
    if (two === '&&' || two === '||') fail(`Use ${two === '&&' ? 'and' : 'or'} to combine conditions (not ${two})`, start, [two === '&&' ? 'and' : 'or']);
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    if ('[]().,-'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    fail(`Unexpected character "${c}"`, start);
  }
  tokens.push({ kind: 'eof', text: '', start: source.length, end: source.length });
  return tokens;
}

/** "line 1, column 23" — the column alone when the source is one line. */
function where(source: string, offset: number): string {
  const p = positionAt(source, offset);
  return source.includes('\n') ? `line ${p.line}, column ${p.column}` : `column ${p.column}`;
}

// ---------------------------------------------------------------------------------------- parser

const UNITS: Record<string, DurationUnit> = {
  hour: 'HOURS',
  hours: 'HOURS',
  day: 'DAYS',
  days: 'DAYS',
  week: 'WEEKS',
  weeks: 'WEEKS',
  month: 'MONTHS',
  months: 'MONTHS',
};
const METHODS = ['exists', 'contains', 'startsWith'];
const KEYWORDS = new Set(['and', 'or', 'not']);
const MAX_DEPTH = 40;
const CONDITION_START = ['a field such as eventType', '(', 'not', 'exists', 'timestamp occurs'];
const LITERAL = ['a number', 'a "string"', 'true', 'false'];

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(n = 0): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private is(text: string, n = 0): boolean {
    const t = this.peek(n);
    return (t.kind === 'punct' || t.kind === 'op' || t.kind === 'ident') && t.text === text;
  }

  fail(expected: string[], token = this.peek(), detail?: string): never {
    const list = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}` : expected[0];
    // a detail names the location itself
    const message = detail ?? `Expected ${list} but found ${describe(token)} at ${where(this.source, token.start)}`;
    throw new PqlError(message, positionAt(this.source, token.start), expected);
  }

  private expect(text: string, expected = [`"${text}"`]): Token {
    if (!this.is(text)) this.fail(expected);
    return this.next();
  }

  parse(): PqlExpression {
    const head = this.peek();
    if (!(head.kind === 'ident' && head.text === 'xEvent')) {
      this.fail(['xEvent'], head, head.kind === 'eof' ? `The expression is empty: expected xEvent[<condition>].<function>(<field>) at ${where(this.source, 0)}` : undefined);
    }
    this.next();
    let condition: Condition | null = null;
    if (this.is('[')) {
      this.next();
      if (this.is(']')) this.fail(CONDITION_START, this.peek(), `An empty filter []: expected a condition at ${where(this.source, this.peek().start)}`);
      condition = this.condition();
      if (!this.is(']')) this.fail(['"]"', 'and', 'or']);
      this.next();
    }
    if (!this.is('.')) this.fail(condition ? ['"."'] : ['"["', '"."']);
    this.next();
    const fnToken = this.peek();
    if (fnToken.kind !== 'ident' || !(CA_FUNCTIONS as readonly string[]).includes(fnToken.text)) {
      this.fail(CA_FUNCTIONS.map((f) => `${f}(…)`), fnToken, `Expected a function (${CA_FUNCTIONS.join(', ')}) but found ${describe(fnToken)} at ${where(this.source, fnToken.start)}`);
    }
    this.next();
    const fn = fnToken.text as CaFunction;
    this.expect('(');
    let field: FieldRef | null = null;
    if (!this.is(')')) {
      if (this.peek().kind !== 'ident') this.fail(fn === 'count' ? ['an event field', '")"'] : ['an event field such as commerce.order.priceTotal']);
      field = this.fieldRef(false);
    } else if (fn !== 'count') {
      this.fail(['an event field such as commerce.order.priceTotal'], this.peek(), `${fn}() needs the event field to aggregate, e.g. ${fn}(commerce.order.priceTotal), at ${where(this.source, this.peek().start)}`);
    }
    if (!this.is(')')) this.fail(['")"', '"."']);
    this.next();
    const end = this.peek();
    if (end.kind !== 'eof') this.fail(['the end of the expression'], end, `Unexpected ${describe(end)} after the function call at ${where(this.source, end.start)}: the expression must end with .${fn}(…)`);
    return { source: this.source, condition, fn, fnSpan: { start: fnToken.start, end: fnToken.end }, field };
  }

  private condition(): Condition {
    if (++this.depth > MAX_DEPTH) this.fail([], this.peek(), `The condition nests more than ${MAX_DEPTH} levels deep at ${where(this.source, this.peek().start)}`);
    let left = this.and();
    while (this.is('or')) {
      this.next();
      const right = this.and();
      left = { type: 'or', left, right, start: left.start, end: right.end };
    }
    this.depth--;
    return left;
  }

  private and(): Condition {
    let left = this.unary();
    while (this.is('and')) {
      this.next();
      const right = this.unary();
      left = { type: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Condition {
    if (this.is('not')) {
      const t = this.next();
      if (++this.depth > MAX_DEPTH) this.fail([], this.peek(), `The condition nests more than ${MAX_DEPTH} levels deep at ${where(this.source, this.peek().start)}`);
      const operand = this.unary();
      this.depth--;
      return { type: 'not', operand, start: t.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): Condition {
    const t = this.peek();
    if (this.is('(')) {
      this.next();
      const inner = this.condition();
      if (!this.is(')')) this.fail(['")"', 'and', 'or']);
      const close = this.next();
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.kind === 'ident' && t.text === 'timestamp' && this.is('occurs', 1)) return this.occurs();
    if (t.kind === 'ident' && t.text === 'exists' && this.peek(1).kind === 'ident' && !this.is('.', 1)) {
      this.next();
      const field = this.fieldRef(false);
      return { type: 'exists', field, start: t.start, end: field.end };
    }
    if (t.kind !== 'ident' || KEYWORDS.has(t.text)) this.fail(CONDITION_START);
    const field = this.fieldRef(true);
    if (this.is('.') && this.peek(1).kind === 'ident' && METHODS.includes(this.peek(1).text)) {
      this.next();
      const method = this.next().text;
      this.expect('(');
      if (method === 'exists') {
        const close = this.expect(')', ['")"']);
        return { type: 'exists', field, start: field.start, end: close.end };
      }
      const arg = this.peek();
      if (arg.kind !== 'string') this.fail(['a "string"'], arg, `${method}() takes one "string" but found ${describe(arg)} at ${where(this.source, arg.start)}`);
      this.next();
      const close = this.expect(')', ['")"']);
      return {
        type: method as 'contains' | 'startsWith',
        field,
        literal: { kind: 'string', value: arg.value as string, start: arg.start, end: arg.end },
        start: field.start,
        end: close.end,
      };
    }
    const opToken = this.peek();
    if (opToken.kind !== 'op') {
      this.fail(['a comparison (= != < <= > >=)', '.exists()', '.contains("…")', '.startsWith("…")']);
    }
    this.next();
    const literal = this.literal();
    return { type: 'compare', field, op: opToken.text as CompareOp, literal, start: field.start, end: literal.end };
  }

  private literal(): Literal {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { kind: 'number', value: t.value as number, start: t.start, end: t.end };
    }
    if (t.kind === 'punct' && t.text === '-' && this.peek(1).kind === 'number' && this.peek(1).start === t.end) {
      this.next();
      const n = this.next();
      return { kind: 'number', value: -(n.value as number), start: t.start, end: n.end };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.value as string, start: t.start, end: t.end };
    }
    if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) {
      this.next();
      return { kind: 'boolean', value: t.text === 'true', start: t.start, end: t.end };
    }
    if (t.kind === 'ident') {
      this.fail(LITERAL, t, `Expected a value (${LITERAL.join(', ')}) but found ${describe(t)} at ${where(this.source, t.start)}: strings need double quotes, and fields cannot be compared with fields`);
    }
    return this.fail(LITERAL, t, `Expected a value (${LITERAL.join(', ')}) but found ${describe(t)} at ${where(this.source, t.start)}`);
  }

  /** `a.b.c`; with `stopAtMethod`, a trailing `.exists(`, `.contains(` or `.startsWith(` is left for the caller. */
  private fieldRef(stopAtMethod: boolean): FieldRef {
    const first = this.peek();
    if (first.kind !== 'ident') this.fail(['an event field']);
    this.next();
    const path = [first.text];
    let end = first.end;
    while (this.is('.')) {
      const seg = this.peek(1);
      if (seg.kind !== 'ident') this.fail(['a field name after "."'], seg);
      if (stopAtMethod && METHODS.includes(seg.text) && this.is('(', 2)) break;
      this.next();
      this.next();
      path.push(seg.text);
      end = seg.end;
    }
    return { path, text: path.join('.'), start: first.start, end };
  }

  private occurs(): Condition {
    const start = this.next().start; // timestamp
    this.next(); // occurs
    const op = this.peek();
    if (!this.is('<=')) {
      this.fail(['"<="'], op, `Only "timestamp occurs <= N <unit> before now" (within the last N units) is supported; expected "<=" but found ${describe(op)} at ${where(this.source, op.start)}`);
    }
    this.next();
    const n = this.peek();
    if (n.kind !== 'number' || !Number.isInteger(n.value)) this.fail(['a whole number of units'], n);
    this.next();
    const unitToken = this.peek();
    const unit = unitToken.kind === 'ident' ? UNITS[unitToken.text.toLowerCase()] : undefined;
    if (!unit) this.fail(['hours', 'days', 'weeks', 'months'], unitToken);
    this.next();
    const count = n.value as number;
    const bounds = DURATION_BOUNDS[unit];
    if (count < bounds.min || count > bounds.max) {
      this.fail([`${bounds.min} to ${bounds.max}`], n, `${count} ${unitToken.text} is out of range: ${unit.toLowerCase()} go from ${bounds.min} to ${bounds.max}, at ${where(this.source, n.start)}`);
    }
    this.expect('before', ['"before"']);
    const now = this.expect('now', ['"now"']);
    return { type: 'occurs', count, unit, start, end: now.end };
  }
}

/** Parses an expression of the subset; throws PqlError. */
export function parsePql(source: string): PqlExpression {
  return new Parser(source, tokenize(source)).parse();
}

// -------------------------------------------------------------------------------------- printing

const PRECEDENCE: Record<Condition['type'], number> = { or: 1, and: 2, not: 3, compare: 4, exists: 4, contains: 4, startsWith: 4, occurs: 4 };

function printLiteral(l: Literal): string {
  return l.kind === 'string' ? JSON.stringify(l.value) : String(l.value);
}

export function printCondition(c: Condition, parent = 0): string {
  let text: string;
  switch (c.type) {
    case 'and':
    case 'or':
      text = `${printCondition(c.left, PRECEDENCE[c.type])} ${c.type} ${printCondition(c.right, PRECEDENCE[c.type] + 0.5)}`;
      break;
    case 'not':
      text = `not ${printCondition(c.operand, PRECEDENCE.not)}`;
      break;
    case 'compare':
      text = `${c.field.text} ${c.op} ${printLiteral(c.literal)}`;
      break;
    case 'exists':
      text = `${c.field.text}.exists()`;
      break;
    case 'contains':
    case 'startsWith':
      text = `${c.field.text}.${c.type}(${printLiteral(c.literal)})`;
      break;
    case 'occurs':
      text = `timestamp occurs <= ${c.count} ${c.unit.toLowerCase()} before now`;
      break;
  }
  return PRECEDENCE[c.type] < parent ? `(${text})` : text;
}

/** The expression in canonical form (parses back to the same tree). */
export function printPql(e: Pick<PqlExpression, 'condition' | 'fn' | 'field'>): string {
  return `xEvent${e.condition ? `[${printCondition(e.condition)}]` : ''}.${e.fn}(${e.field ? e.field.text : ''})`;
}
