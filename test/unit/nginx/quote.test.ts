import { describe, expect, it } from 'vitest';
import { NginxLines, NginxRegex, nginxText, nginxVar, quoteNginx } from '../../../src/targets/nginx/quote.js';

describe('quoteNginx: the one way a value reaches nginx.conf', () => {
  it('prints integers bare and every string as one double-quoted token', () => {
    expect(quoteNginx(42)).toBe('42');
    expect(quoteNginx('chat-ws')).toBe('"chat-ws"');
    expect(quoteNginx('a;b{c}#d e')).toBe('"a;b{c}#d e"');
  });

  it('escapes backslashes and double quotes so the token cannot end early', () => {
    expect(quoteNginx('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteNginx("it's")).toBe('"it\'s"');
    expect(quoteNginx(new NginxRegex('^/a\\.b\\n$'))).toBe('"^/a\\\\.b\\\\n$"');
  });

  it('refuses control characters, which end a directive or a comment', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\u0000b', 'a\tb', 'a\u2028b']) expect(() => quoteNginx(bad)).toThrow(/control character/);
    expect(() => quoteNginx(new NginxRegex('^/a\nb'))).toThrow(/control character/);
  });

  it('refuses "$" in plain strings: nginx would read a variable there and has no escape for it', () => {
    expect(() => quoteNginx('$remote_addr')).toThrow(/variable/);
    expect(() => nginxText('x', '$host')).toThrow(/variable/);
  });

  it('lets wsctl compose variables only through nginxVar / nginxText', () => {
    expect(quoteNginx(nginxVar('cookie', 'WSAFFINITY'))).toBe('"$cookie_WSAFFINITY"');
    expect(quoteNginx(nginxText('A=', nginxVar('request_id'), '; Path=/'))).toBe('"A=$request_id; Path=/"');
    expect(() => nginxVar('http', 'x-session')).toThrow(/variable name/);
    expect(() => nginxVar('arg', 'a;b')).toThrow(/variable name/);
  });

  it('prints multi-line bodies as one token with \\n escapes, never a raw line break', () => {
    const body = new NginxLines([nginxText('# HELP x "quoted"'), nginxText('x ', nginxVar('connections_active'))]);
    expect(quoteNginx(body)).toBe('"# HELP x \\"quoted\\"\\nx $connections_active\\n"');
    expect(() => new NginxLines([nginxText('a\nb')])).toThrow();
  });

  it('refuses anything else (booleans, fractions, objects) as a programming error', () => {
    for (const bad of [true, 1.5, Number.NaN, {}, null, undefined]) expect(() => quoteNginx(bad)).toThrow();
  });
});
