/** nginx.conf reduced to its directive structure: quoted tokens become Q, comments vanish. */
export function nginxStructure(conf: string): string[] {
  const tokens: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n]*|[;{}]|[^\s;{}"'#]+/g;
  for (const m of conf.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('#')) continue;
    tokens.push(t.startsWith('"') || t.startsWith("'") ? 'Q' : t);
  }
  return tokens;
}

/** Splits a haproxy.cfg line into words the way haproxy's tokenizer does (quotes and escapes removed). */
export function haproxyWords(line: string): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '#' && cur === null) break;
    if (c === ' ' || c === '\t') {
      if (cur !== null) out.push(cur);
      cur = null;
      continue;
    }
    cur ??= '';
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\') {
          const n = line[++i] ?? '';
          cur += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === 'x' ? String.fromCharCode(parseInt(line.slice(i + 1, (i += 2) + 1), 16)) : n;
        } else cur += line[i];
      }
    } else if (c === '\\') cur += line[++i] ?? '';
    else cur += c;
  }
  if (cur !== null) out.push(cur);
  return out;
}

/** haproxy.cfg's directive structure: per non-empty line, the keyword and the number of words. */
export function haproxyStructure(config: string): string[] {
  return config
    .split('\n')
    .map(haproxyWords)
    .filter((w) => w.length)
    .map((w) => `${w[0]}/${w.length}`);
}

/**
 * The structure of haproxy's map files (which have no quoting at all): per file, in path order, the
 * number of words of each non-comment line. A key that smuggled a blank or a line break changes it.
 */
export function haproxyMapStructure(files: { path: string; content: string }[]): string[] {
  return files
    .filter((f) => f.path.startsWith('haproxy/maps/'))
    .map((f) => ({ path: f.path, content: f.content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) =>
      f.content
        .split('\n')
        .filter((l) => l.trim() && !l.trimStart().startsWith('#'))
        .map((l) => l.trim().split(/[ \t]+/).length)
        .join(','),
    );
}
