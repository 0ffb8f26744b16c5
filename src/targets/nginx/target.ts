import type { Target, OutputFile } from '../target.js';
import { bearerMapFile } from './auth.js';
import { buildNginxView, PROXY_INCLUDE } from './build-view.js';
import { nginxCapabilities } from './capabilities.js';
import { renderNjsModule } from './njs-module.js';
import { quoteNginx } from './quote.js';
import { renderNginxTemplate } from './render.js';
import { nginxRunScript } from './run-script.js';
import { nginxSizing } from './sizing.js';

/**
 * NGINX OSS 1.22 (+ njs 0.7.9): DIR/nginx/nginx.conf, run.sh (fd check, then
 * nginx in the foreground), the njs module when JWT, Origin checks or cookie affinity need
 * it, and one 0600 token map per distinct token list; runs as `nginx -p DIR/nginx -c nginx.conf`.
 */
export const nginxTarget: Target = {
  name: 'nginx',
  description: 'NGINX OSS 1.22 configuration (nginx.conf, njs module for JWT, Origin checks and cookie affinity)',
  capabilities: nginxCapabilities,
  emit(ir, ctx) {
    const { view, providers, diagnostics, shared } = buildNginxView(ir, ctx);
    const files: OutputFile[] = [
      { path: 'nginx/nginx.conf', content: renderNginxTemplate('nginx.conf.hbs', view) },
      { path: `nginx/${PROXY_INCLUDE}`, content: renderNginxTemplate('proxy.conf.hbs', view) },
      ...view.anyHostFiles.map(({ file, locations }) => ({ path: `nginx/${file}`, content: renderNginxTemplate('any-host.conf.hbs', { specName: view.specName, proxyInclude: view.proxyInclude, locations }) })),
      nginxRunScript(nginxSizing(ir.limits.maxConnections, ir.backends.length), ir.limits.maxConnections),
    ];
    // the module embeds HMAC secrets: owner-only, like the token maps
    if (view.njsModulePath) files.push({ path: 'nginx/wsctl.js', content: renderNjsModule(providers), mode: 0o600 });
    for (const { index, values } of shared.tokens.maps) files.push(bearerMapFile(index, values, quoteNginx));
    return { files, diagnostics };
  },
};
