// YAML validated by a zod schema, every problem reported as FILE:LINE:COLUMN: FIELD: what was
// expected, all at once. Used for cluster files and procedure files alike. These files are the
// operator's own, but they are read defensively all the same: a size limit before parsing, a
// bound on alias expansion (a "billion laughs" file), and no character that would make a value
// display as something other than what it is.
import { Lexer, LineCounter, parseDocument, isMap, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { echoName, echoValue, INVISIBLE_CHARACTERS } from '../format/echo.js';
import { firstLine, plural } from '../format/text.js';
import { OperatorError } from '../operator-error.js';
import { readOperatorFile, UnreadableFile } from './read-file.js';

export interface ConfigProblem {
  file: string;
  /** 1-based; 0 when the problem is the whole file (it cannot be read, say). */
  line: number;
  /** 1-based; 0 when only the line is known. */
  column: number;
  /** Dotted field path, e.g. "components.postgres.port" (empty for the whole file). */
  field: string;
  message: string;
}

/** Problems listed in a message at most; a file of garbage can have thousands. */
const MAX_LISTED = 20;

export class ConfigFileError extends OperatorError {
  constructor(
    readonly file: string,
    readonly what: string,
    readonly problems: ConfigProblem[],
  ) {
    const listed = problems.slice(0, MAX_LISTED).map(formatProblem);
    if (problems.length > MAX_LISTED) listed.push(`  ... and ${plural(problems.length - MAX_LISTED, 'more problem')}`);
    super(`${file}: ${plural(problems.length, 'problem')} in the ${what}\n${listed.join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}${p.column > 0 ? `:${p.column}` : ''}` : p.file;
  return `  ${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/**
 * Aliases (`*name`) expanded at most, counting nested ones: enough to share a block a few times,
 * far too few for an alias bomb (nine aliases nine levels deep expand to 387 million nodes).
 */
export const MAX_ALIAS_COUNT = 100;

export type Position = { line: number; column: number };

export interface ParsedYaml {
  doc: Document;
  /** The plain data (aliases resolved). */
  data: unknown;
  at: (offset: number) => Position;
}

/** Parse YAML text and validate it; throws ConfigFileError with positioned problems. */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string, what: string): z.output<S> {
  const { doc, data, at } = parseYamlDocument(text, file, what);
  return validateDocument(schema, doc, data, file, at);
}

/** Reads one of the operator's YAML files (bounded, see read-file.ts) and parses it. */
export function readYamlFile(file: string, what: string): ParsedYaml {
  let text: string;
  try {
    text = readOperatorFile(file);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    throw new ConfigFileError(file, what, [{ file, line: 0, column: 0, field: '', message: `cannot read the file: ${e.message}` }]);
  }
  return parseYamlDocument(text, file, what);
}

export function parseYamlDocument(text: string, file: string, what: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const fail = (problems: Omit<ConfigProblem, 'file' | 'field'>[]): never => {
    throw new ConfigFileError(
      file,
      what,
      problems.map((p) => ({ file, field: '', ...p })),
    );
  };
  const tooDeep = deepNesting(text);
  if (tooDeep >= 0) {
    fail([
      {
        ...lineColumn(text, tooDeep),
        message: `YAML: [ ] and { } nested more than ${MAX_FLOW_DEPTH} deep; a hand-written file never needs that`,
      },
    ]);
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    // The parser recurses: a few hundred thousand nested brackets exhaust the stack.
    return fail([
      { line: 1, column: 1, message: `YAML: the parser gave up (${firstLine(String(e))}); is the nesting that deep on purpose?` },
    ]);
  }
  if (doc.errors.length > 0) {
    fail(doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML: ${firstLine(e.message)}` })));
  }
  const suspicious = suspiciousScalars(doc, text, at);
  if (suspicious.length > 0) fail(suspicious);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    fail([aliasProblem(doc, e, at)]);
  }
  if (data === null || data === undefined) {
    fail([{ line: 1, column: 1, message: `the file is empty; expected a ${what}` }]);
  }
  return { doc, data, at };
}

/** Flow collections ([ ], { }) nested deeper than this are refused before parsing. */
export const MAX_FLOW_DEPTH = 64;

// The parser takes about 0.1 ms per level of nesting (after it gives up on its own stack at about
// 800 levels): a megabyte of "[" would keep it busy for a minute. YAML's own lexer tells flow
// brackets from brackets inside quotes, comments and block scalars, token by token, and is
// stopped at the first bracket too deep. Returns that bracket's offset, or -1.
const LEXER_CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

function deepNesting(text: string): number {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_FLOW_DEPTH) return offset;
    } else if ((token === ']' || token === '}') && depth > 0) {
      depth--;
    }
    // The lexer's control tokens (document start, flow end, scalar start) stand for no text.
    if (!LEXER_CONTROL.has(token)) offset += token.length;
  }
  return -1;
}

function lineColumn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

// Characters no path, argument or shell command should carry, or that make a value display as
// something other than what it is (a command shown at a gate must read as what runs): C0
// controls other than tab and line breaks, and the invisible ones (format/echo.ts).
const HIDDEN = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f${INVISIBLE_CHARACTERS}]`, 'u');

// Integers YAML reads in another base: `0x10` is 16 and `0o20` (or `020` under %YAML 1.1) is 16,
// which is never what a timeout or a port written that way meant to say.
const OTHER_BASES: Record<string, string> = { HEX: 'a hexadecimal', OCT: 'an octal' };

function suspiciousScalars(doc: Document, text: string, at: (offset: number) => Position): Omit<ConfigProblem, 'file' | 'field'>[] {
  const found: Omit<ConfigProblem, 'file' | 'field'>[] = [];
  visit(doc, {
    Scalar(_key, node) {
      const pos = node.range ? at(node.range[0]) : { line: 1, column: 1 };
      const source = node.range ? text.slice(node.range[0], node.range[1]) : String(node.value);
      if (typeof node.value === 'string') {
        const hidden = HIDDEN.exec(node.value);
        if (hidden) {
          const code = `U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
          found.push({
            ...pos,
            message: `${echoValue(node.value)} holds an invisible control character (${code}); write the value without it`,
          });
        }
      } else if (typeof node.value === 'number' && node.format && OTHER_BASES[node.format]) {
        found.push({
          ...pos,
          message: `${echoValue(source)} is ${OTHER_BASES[node.format]} number (${node.value}); write numbers in decimal`,
        });
      }
    },
  });
  return found;
}

// doc.toJS throws when an alias names no anchor before it, or when aliases expand beyond the limit.
function aliasProblem(doc: Document, e: unknown, at: (offset: number) => Position): Omit<ConfigProblem, 'file' | 'field'> {
  const aliases: Node[] = [];
  visit(doc, { Alias: (_k, n) => void aliases.push(n) });
  const message = String((e as Error)?.message ?? e);
  const unresolved = /Unresolved alias.*: (.*)$/.exec(message);
  if (unresolved) {
    const alias = aliases.find((a) => 'source' in a && a.source === unresolved[1]);
    return {
      ...(alias?.range ? at(alias.range[0]) : { line: 1, column: 1 }),
      message: `YAML: the alias *${echoName(unresolved[1] ?? '')} names no anchor (&${echoName(unresolved[1] ?? '')}) before it`,
    };
  }
  if (/alias/i.test(message)) {
    return {
      ...(aliases[0]?.range ? at(aliases[0].range[0]) : { line: 1, column: 1 }),
      message: `YAML: aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; refused (this is how an alias bomb exhausts memory)`,
    };
  }
  return { line: 1, column: 1, message: `YAML: ${firstLine(message)}` };
}

/** Validate already-parsed data, locating problems in `doc` (the document the data came from). */
export function validateDocument<S extends z.ZodType>(
  schema: S,
  doc: Document,
  data: unknown,
  file: string,
  at: (offset: number) => { line: number; column: number },
  what = 'definition',
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const found = result.error.issues.flatMap((issue) => describeIssue(schema, issue, doc, file, at));
  throw new ConfigFileError(
    file,
    what,
    found.sort((x, y) => x.line - y.line || x.column - y.column),
  );
}

type Issue = z.core.$ZodIssue;

function describeIssue(
  schema: z.ZodType,
  issue: Issue,
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; column: number },
): ConfigProblem[] {
  const p = issue.path.map(String);
  const field = fieldPath(p);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyNode = findKey(doc, p, key);
      const allowed = allowedKeys(schema, issue);
      return {
        file,
        ...(keyNode?.range ? at(keyNode.range[0]) : nodePosition(doc, p, at)),
        field: fieldPath([...p, key]),
        message: `unknown key ${echoValue(key)}${allowed ? `; expected one of: ${allowed}` : ''}`,
      };
    });
  }
  return [{ file, ...nodePosition(doc, p, at), field, message: issueMessage(issue, doc, p) }];
}

function issueMessage(issue: Issue, doc: Document, p: string[]): string {
  if (issue.code === 'invalid_type') {
    const present = doc.hasIn(p);
    if (!present) return `missing; expected ${yamlTypeName(issue.expected)}`;
    const value = doc.getIn(p);
    return `expected ${yamlTypeName(issue.expected)}, got ${describeValue(value)}`;
  }
  return issue.message;
}

// zod's type names, in the words of a YAML file.
function yamlTypeName(t: string): string {
  const names: Record<string, string> = {
    array: 'a list',
    object: 'a mapping',
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
  };
  return names[t] ?? t;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (isMap(v)) return 'a mapping';
  if (Array.isArray(v) || (typeof v === 'object' && v !== null && 'items' in v)) return 'a list';
  if (typeof v === 'string') return `the text ${echoValue(v)}`;
  return `${typeof v} ${echoValue(JSON.stringify(v) ?? String(v))}`;
}

/** "nodes.a.port": each key shown plainly when it is plain, quoted and cut when it is not. */
export function fieldPath(p: readonly (string | number)[]): string {
  return p.map((k) => echoName(String(k))).join('.');
}

// Names the keys a strict object accepts, read from the schema at the issue's path.
function allowedKeys(root: z.ZodType, issue: Issue): string | null {
  let schema: unknown = root;
  for (const seg of issue.path) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof seg === 'string' && seg in shape) schema = shape[seg];
    else if ((schema as { element?: unknown }).element) schema = (schema as { element: unknown }).element;
    else return null;
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).join(', ') : null;
}

function unwrap(schema: unknown): unknown {
  let s = schema as { unwrap?: () => unknown; def?: { innerType?: unknown; in?: unknown } };
  for (let i = 0; i < 10; i++) {
    if (s?.def?.innerType) s = s.def.innerType as typeof s;
    else if (s?.def?.in) s = s.def.in as typeof s;
    else break;
  }
  return s;
}

function findKey(doc: Document, p: readonly string[], key: string): Node | null {
  const parent = p.length ? doc.getIn(p, true) : doc.contents;
  if (!isMap(parent)) return null;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return null;
}

// The deepest node on the path that exists in the file: the value itself, or the mapping where a
// missing key should have been.
export function nodePosition(doc: Document, p: readonly string[], at: (o: number) => Position): Position {
  for (let i = p.length; i >= 0; i--) {
    const n = (i === 0 ? doc.contents : doc.getIn(p.slice(0, i), true)) as Node | null | undefined;
    if (n && (n as Node).range) {
      // For a value, point at its key when there is one (where the eye goes first).
      if (i > 0 && i === p.length) {
        const key = findKey(doc, p.slice(0, i - 1), p[i - 1]!);
        if (key?.range) return at(key.range[0]);
      }
      return at((n as Node).range![0]);
    }
  }
  return { line: 1, column: 1 };
}
