import type { NjsProvider } from './auth.js';
import { readNginxTemplate } from './render.js';

const PLACEHOLDER = 'var PROVIDERS = []; // wsctl:providers';

/** Where Debian's libnginx-mod-http-js installs the njs module. */
export const NJS_MODULE_PATH = '/usr/lib/nginx/modules/ngx_http_js_module.so';

/**
 * The njs module: static code from templates/nginx/wsctl.js with the providers embedded as JSON.
 * JSON.stringify output is a valid JS literal once U+2028/U+2029 are escaped.
 */
export function renderNjsModule(providers: readonly NjsProvider[]): string {
  const source = readNginxTemplate('wsctl.js');
  if (!source.includes(PLACEHOLDER)) throw new Error('templates/nginx/wsctl.js lost its providers placeholder');
  const literal = JSON.stringify(providers, null, 2).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return source.replace(PLACEHOLDER, `var PROVIDERS = ${literal};`);
}
