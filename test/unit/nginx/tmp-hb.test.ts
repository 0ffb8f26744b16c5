import { it, expect } from 'vitest';
import Handlebars from 'handlebars';
import { NGINX_TEMPLATE_DIR } from '../../../src/targets/nginx/render.js';
it('x', async () => {
  const m = await import('../../../src/targets/nginx/render.js');
  const fs = await import('node:fs');
  fs.copyFileSync('/tmp/hbt/t.hbs', new URL('tmp.hbs', NGINX_TEMPLATE_DIR));
  const out = m.renderNginxTemplate('tmp.hbs', { x: 'a"b;{', n: 3, list: ['p', 'q'], flag: true });
  fs.unlinkSync(new URL('tmp.hbs', NGINX_TEMPLATE_DIR));
  console.log(out, Handlebars.compile('{{x}}')({ x: '<&' }));
  expect(() => m.renderNginxTemplate('nope.hbs', {})).toThrow();
});
