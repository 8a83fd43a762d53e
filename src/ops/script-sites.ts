// Where each {{placeholder}} sits in a procedure script, as the shell will read it: unquoted, in
// double quotes, in single quotes, in a here-document, in backticks, in $(( )), in a comment.
// The script renderer (template.ts) puts every value in a variable assigned at the top of the
// command (single-quoted, so never code) and writes at each site the expansion of that variable
// that is data there: "${hp_x}" unquoted, ${hp_x} inside double quotes or an unquoted heredoc,
// '"${hp_x}"' inside single quotes. Some sites re-read their text as code, and no expansion
// can be data there: $(( )) evaluates a variable's value as arithmetic (bash runs $(...) inside an
// array index), a quoted heredoc never expands, a backtick's text is parsed twice, and a string
// given to `-c` or `eval` is a program. Those sites are refused, at load and at render.
//
// This is a scanner for the shapes procedure scripts use, not a full shell parser. What it cannot
// misplace is the value itself: the value only ever appears in the assignment line, so a site read
// in the wrong context yields the wrong text or a split word, never code.

const PLACEHOLDER_AT = /\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}/iy;

export type SiteContext =
  | 'plain'
  | 'double'
  | 'single'
  | 'heredoc'
  | 'comment'
  // Refused: the text at these sites is read again as code.
  | 'quoted-heredoc'
  | 'backtick'
  | 'arithmetic'
  | 'ansi-c'
  | 'code-string';

export interface PlaceholderSite {
  name: string;
  /** Offsets of the whole {{...}} in the script. */
  start: number;
  end: number;
  context: SiteContext;
  /** 0-based line of the script the placeholder starts on. */
  line: number;
}

// Words after which a new command starts (so `then eval ...` is an eval).
const COMMAND_START = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);

type Frame =
  | { t: 'code'; parens: number; sub: boolean } // top level, or inside $( )
  | { t: 'double'; code: boolean }
  | { t: 'single'; code: boolean }
  | { t: 'ansi' }
  | { t: 'backtick' }
  | { t: 'arith'; parens: number; bracket: boolean } // $(( )), (( )) or $[ ]
  | { t: 'param'; braces: number; start: number };

interface PendingHeredoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

/** Every placeholder in `script`, each with the context the shell reads it in. */
export function placeholderSites(script: string): PlaceholderSite[] {
  const sites: PlaceholderSite[] = [];
  const stack: Frame[] = [{ t: 'code', parens: 0, sub: false }];
  const top = () => stack[stack.length - 1]!;
  const heredocs: PendingHeredoc[] = [];
  // The words of the current simple command (unquoted text only), to find `-c '...'` and `eval`.
  let word = '';
  let prevWord = '';
  let evalCommand = false;
  // `let` evaluates its arguments as arithmetic; so does [[ ]] around -eq, -lt and the like.
  let letCommand = false;
  let arithmeticTest = false;
  let wordStart = true;
  let line = 0;
  const endWord = () => {
    if (word) {
      const atStart = prevWord === '' || COMMAND_START.has(prevWord);
      if (word === 'eval' && atStart) evalCommand = true;
      if (word === 'let' && atStart) letCommand = true;
      if (word === '[[') {
        const close = script.indexOf(']]', i);
        arithmeticTest = /\s-(?:eq|ne|lt|le|gt|ge)\s/.test(script.slice(i, close === -1 ? n : close));
      }
      if (word === ']]') arithmeticTest = false;
      prevWord = word;
    }
    word = '';
    wordStart = true;
  };
  const endCommand = () => {
    endWord();
    prevWord = '';
    evalCommand = false;
    letCommand = false;
  };
  const contextOf = (): SiteContext => {
    // The innermost frame that decides how text is read: a ${ } takes its reading from outside.
    for (let k = stack.length - 1; k >= 0; k--) {
      const f = stack[k]!;
      switch (f.t) {
        case 'param':
          continue;
        case 'double':
          return f.code ? 'code-string' : 'double';
        case 'single':
          return f.code ? 'code-string' : 'single';
        case 'ansi':
          return 'ansi-c';
        case 'backtick':
          return 'backtick';
        case 'arith':
          return 'arithmetic';
        case 'code':
          return evalCommand ? 'code-string' : letCommand || arithmeticTest ? 'arithmetic' : 'plain';
      }
    }
    return 'plain';
  };
  // Text given to -c or eval is a program, down to a $( ) nested in it.
  const inCodeString = () => stack.some((f) => (f.t === 'double' || f.t === 'single') && f.code);
  // bash evaluates an indexed array's subscript as arithmetic (a[$(cmd)] runs cmd): in a word
  // being assigned to (a[{{x}}]=1), and in ${a[...]}, ${x:offset} and ${!x} (the name it holds).
  const inSubscript = () =>
    /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*$/.test(word) ||
    stack.some((f) => f.t === 'param' && /^!|\[|^#?[A-Za-z_0-9@*]+:(?![-=+?])/.test(script.slice(f.start, i)));

  let i = 0;
  const n = script.length;
  while (i < n) {
    PLACEHOLDER_AT.lastIndex = i;
    const m = PLACEHOLDER_AT.exec(script);
    if (m) {
      const context = inCodeString() ? 'code-string' : inSubscript() || letCommand || arithmeticTest ? 'arithmetic' : contextOf();
      sites.push({ name: m[1]!, start: i, end: i + m[0].length, context, line });
      if (top().t === 'code') {
        word += 'x';
        wordStart = false;
      }
      i += m[0].length;
      continue;
    }
    const c = script[i]!;
    const next = script[i + 1];
    const f = top();
    if (c === '\n') line++;
    switch (f.t) {
      case 'single':
        if (c === "'") stack.pop();
        i++;
        continue;
      case 'ansi':
        if (c === '\\') i += 2;
        else {
          if (c === "'") stack.pop();
          i++;
        }
        continue;
      case 'backtick':
        if (c === '\\') {
          if (next === '\n') line++;
          i += 2;
        } else {
          if (c === '`') stack.pop();
          i++;
        }
        continue;
      case 'arith':
        if (f.bracket) {
          if (c === '[') f.parens++;
          else if (c === ']') {
            if (f.parens === 0) stack.pop();
            else f.parens--;
          }
        } else if (c === '(') f.parens++;
        else if (c === ')') {
          if (f.parens === 0 && next === ')') {
            stack.pop();
            i += 2;
            continue;
          }
          f.parens--;
        }
        i++;
        continue;
      case 'double':
        if (c === '\\') {
          if (next === '\n') line++;
          i += 2;
          continue;
        }
        if (c === '"') {
          stack.pop();
          i++;
          continue;
        }
        if (openExpansion()) continue;
        i++;
        continue;
      case 'param':
        if (c === '}') {
          if (f.braces === 0) {
            stack.pop();
            i++;
            continue;
          }
          f.braces--;
        } else if (c === '{') f.braces++;
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (c === "'" || c === '"') {
          stack.push(c === "'" ? { t: 'single', code: false } : { t: 'double', code: false });
          i++;
          continue;
        }
        if (openExpansion()) continue;
        i++;
        continue;
      case 'code': {
        if (c === '\\') {
          if (next === '\n') line++;
          else word += next ?? '';
          wordStart = false;
          i += 2;
          continue;
        }
        if (c === '#' && wordStart) {
          // A comment: to the end of the line; a placeholder in it is text no one reads.
          const eol = script.indexOf('\n', i);
          const stop = eol === -1 ? n : eol;
          for (let k = i; k < stop; k++) {
            PLACEHOLDER_AT.lastIndex = k;
            const pm = PLACEHOLDER_AT.exec(script);
            if (pm) sites.push({ name: pm[1]!, start: k, end: k + pm[0].length, context: 'comment', line });
          }
          i = stop;
          continue;
        }
        if (c === '\n') {
          endCommand();
          i++;
          if (heredocs.length) i = readHeredocBodies(i);
          continue;
        }
        if (c === ' ' || c === '\t') {
          endWord();
          i++;
          continue;
        }
        if (c === ';' || c === '&' || c === '|') {
          endCommand();
          i++;
          continue;
        }
        if (c === "'" || c === '"') {
          const code = wordStart && (prevWord === '-c' || evalCommand);
          stack.push(c === "'" ? { t: 'single', code } : { t: 'double', code });
          wordStart = false;
          word += 'q';
          i++;
          continue;
        }
        if (c === '<' && next === '<' && script[i + 2] !== '<') {
          i = readHeredocOperator(i + 2);
          continue;
        }
        if (c === '(' && next === '(' && wordStart && !word) {
          // (( ... )) as a command: arithmetic, like $(( )).
          stack.push({ t: 'arith', parens: 0, bracket: false });
          i += 2;
          continue;
        }
        if (c === '(' && f.sub) {
          f.parens++;
          i++;
          continue;
        }
        if (c === ')' && f.sub) {
          if (f.parens === 0) {
            stack.pop();
            i++;
            continue;
          }
          f.parens--;
          i++;
          continue;
        }
        if (c === '(' || c === ')') {
          endCommand();
          i++;
          continue;
        }
        if (openExpansion()) continue;
        word += c;
        wordStart = false;
        i++;
        continue;
      }
    }
  }
  return sites;

  // $'...', $((...)), $(...), ${...} and `...`, opened at i; false when none starts here.
  function openExpansion(): boolean {
    const c = script[i];
    const next = script[i + 1];
    const inDouble = top().t === 'double';
    if (c === '`') {
      stack.push({ t: 'backtick' });
      i++;
      return true;
    }
    if (c !== '$') return false;
    if (next === "'" && !inDouble) {
      stack.push({ t: 'ansi' });
      i += 2;
      return true;
    }
    if (next === '(' && script[i + 2] === '(') {
      stack.push({ t: 'arith', parens: 0, bracket: false });
      i += 3;
      return true;
    }
    if (next === '[') {
      stack.push({ t: 'arith', parens: 0, bracket: true });
      i += 2;
      return true;
    }
    if (next === '(') {
      stack.push({ t: 'code', parens: 0, sub: true });
      i += 2;
      return true;
    }
    if (next === '{') {
      stack.push({ t: 'param', braces: 0, start: i + 2 });
      i += 2;
      return true;
    }
    return false;
  }

  // After `<<`: `-`, blanks, then the delimiter word; quoted in any part means no expansion.
  function readHeredocOperator(at: number): number {
    let k = at;
    let stripTabs = false;
    if (script[k] === '-') {
      stripTabs = true;
      k++;
    }
    while (script[k] === ' ' || script[k] === '\t') k++;
    let delimiter = '';
    let quoted = false;
    while (k < n && !/[\s;&|<>()]/.test(script[k]!)) {
      const ch = script[k]!;
      if (ch === "'" || ch === '"') {
        quoted = true;
        const close = script.indexOf(ch, k + 1);
        const stop = close === -1 ? n : close;
        delimiter += script.slice(k + 1, stop);
        k = stop + 1;
      } else if (ch === '\\') {
        quoted = true;
        delimiter += script[k + 1] ?? '';
        k += 2;
      } else {
        delimiter += ch;
        k++;
      }
    }
    if (delimiter) heredocs.push({ delimiter, quoted, stripTabs });
    wordStart = false;
    return k;
  }

  // The bodies of the here-documents opened on the line just ended, from `at` (a line start).
  function readHeredocBodies(at: number): number {
    let k = at;
    for (const h of heredocs.splice(0)) {
      while (k < n) {
        const eol = script.indexOf('\n', k);
        const stop = eol === -1 ? n : eol;
        const text = script.slice(k, stop);
        if ((h.stripTabs ? text.replace(/^\t+/, '') : text) === h.delimiter) {
          k = stop + 1;
          line++;
          break;
        }
        for (let p = k; p < stop; p++) {
          PLACEHOLDER_AT.lastIndex = p;
          const pm = PLACEHOLDER_AT.exec(script);
          if (pm) {
            sites.push({ name: pm[1]!, start: p, end: p + pm[0].length, context: h.quoted ? 'quoted-heredoc' : 'heredoc', line });
            p += pm[0].length - 1;
          }
        }
        k = stop + 1;
        line++;
      }
    }
    return Math.min(k, n);
  }
}

/** Why a value cannot be placed at this site as data, or null when it can. */
export function unsafeSiteReason(context: SiteContext): string | null {
  switch (context) {
    case 'plain':
    case 'double':
    case 'single':
    case 'heredoc':
    case 'comment':
      return null;
    case 'quoted-heredoc':
      return "is inside a quoted here-document (<<'END'), where nothing expands: pass the value on the command line (psql -v name=VALUE, then :'name') or use an unquoted delimiter";
    case 'backtick':
      return 'is inside backticks, whose text the shell parses twice: use $( ) instead';
    case 'arithmetic':
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax in a message, not a JavaScript template
      return 'is where bash evaluates it as arithmetic ($(( )), (( )), $[ ], let, [[ ]] with -eq/-lt..., an array index, ${x:offset}, ${!x}), which runs $(...) inside an array index: assign it to a variable and check it is a number first';
    case 'ansi-c':
      return "is inside $'...', where a value cannot be spliced as data: use double quotes";
    case 'code-string':
      return "is inside text given to -c or eval, which another shell or program reads as code: pass the value as an argument of that program (sh -c '...$1...' sh VALUE, psql -v)";
  }
}
