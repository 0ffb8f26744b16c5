import { TEMPLATES } from './templates.generated.js';

/** A template of templates/ by path (e.g. `nginx/nginx.conf.hbs`), embedded at build time: emitters read no files. */
export function template(path: string): string {
  const text = TEMPLATES[path];
  if (text === undefined) throw new Error(`no template ${path} (run npm run gen:templates after adding one)`);
  return text;
}
