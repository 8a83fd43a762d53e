// YAML validated by a zod schema, every problem reported as FILE:LINE:COLUMN: FIELD: what was
// expected, all at once. Used for cluster files and procedure files alike.
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { firstLine, plural } from '../format/text.js';
import { OperatorError } from '../operator-error.js';

export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. "components.postgres.port" (empty for the whole file). */
  field: string;
  message: string;
}

export class ConfigFileError extends OperatorError {
  constructor(
    readonly file: string,
    readonly what: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${file}: ${plural(problems.length, 'problem')} in the ${what}\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `  ${p.file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** Parse YAML text and validate it; throws ConfigFileError with positioned problems. */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string, what: string): z.output<S> {
  const { doc, at } = parseYamlDocument(text, file, what);
  return validateDocument(schema, doc, doc.toJS({ maxAliasCount: 100 }), file, at);
}

export function parseYamlDocument(text: string, file: string, what: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      file,
      what,
      doc.errors.map((e) => ({ file, ...at(e.pos[0]), field: '', message: `YAML: ${firstLine(e.message)}` })),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    throw new ConfigFileError(file, what, [{ file, line: 1, column: 1, field: '', message: `the file is empty; expected a ${what}` }]);
  }
  return { doc, at };
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
  const field = p.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyNode = findKey(doc, p, key);
      const allowed = allowedKeys(schema, issue);
      return {
        file,
        ...(keyNode?.range ? at(keyNode.range[0]) : nodePosition(doc, p, at)),
        field: [...p, key].join('.'),
        message: `unknown key "${key}"${allowed ? `; expected one of: ${allowed}` : ''}`,
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
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
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

function findKey(doc: Document, p: string[], key: string): Node | null {
  const parent = p.length ? doc.getIn(p, true) : doc.contents;
  if (!isMap(parent)) return null;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return null;
}

// The deepest node on the path that exists in the file: the value itself, or the mapping where a
// missing key should have been.
function nodePosition(doc: Document, p: string[], at: (o: number) => { line: number; column: number }) {
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
