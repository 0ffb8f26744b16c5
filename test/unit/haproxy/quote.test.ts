import { describe, expect, it } from 'vitest';
import { createHaproxyHandlebars } from '../../../src/targets/haproxy/templates.js';
import { haproxyWord } from '../../../src/targets/haproxy/quote.js';

describe('haproxyWord', () => {
  it('leaves plain tokens bare', () => {
    expect(haproxyWord('10.0.0.1:8080')).toBe('10.0.0.1:8080');
    expect(haproxyWord(42)).toBe('42');
  });

  it('strongly quotes printable text with spaces, $ or #', () => {
    expect(haproxyWord('a b')).toBe("'a b'");
    expect(haproxyWord('^/x$')).toBe("'^/x$'");
    expect(haproxyWord('a#b')).toBe("'a#b'");
  });

  it('escapes what strong quoting cannot hold: quotes, line breaks, control characters', () => {
    expect(haproxyWord("it's")).toBe(`"it's"`);
    expect(haproxyWord("a'\nb")).toBe(`"a'\\nb"`);
    expect(haproxyWord("'$x\\\"")).toBe(`"'\\$x\\\\\\""`);
    expect(haproxyWord("'\u0001")).toBe(`"'\\x01"`);
    expect(haproxyWord('')).toBe(`""`);
  });

  it('is what a plain {{value}} prints in the haproxy Handlebars environment', () => {
    const env = createHaproxyHandlebars();
    expect(env.compile('x {{v}} y')({ v: 'a b\n#c' })).toBe(`x "a b\\n#c" y`);
  });

  it('does not change the HTML escaping of other Handlebars environments', async () => {
    createHaproxyHandlebars();
    const { default: Handlebars } = await import('handlebars');
    expect(Handlebars.create().compile('{{v}}')({ v: '<a b>' })).toBe('&lt;a b&gt;');
  });
});
