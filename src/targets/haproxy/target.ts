import type { Target } from '../target.js';
import { buildView } from './build-view.js';
import { haproxyCapabilities } from './capabilities.js';
import { HAPROXY_DIR, helperFiles } from './helper-files.js';
import { buildRouting, routingFiles } from './routing.js';
import { renderHaproxyConfig } from './templates.js';

/** HAProxy 2.6: DIR/haproxy/haproxy.cfg plus its helper files (PEM bundles, pattern and map files, JWT keys, run.sh). */
export const haproxyTarget: Target = {
  name: 'haproxy',
  description: 'HAProxy 2.6 config (haproxy.cfg) in master-worker mode',
  capabilities: haproxyCapabilities,
  emit(ir, ctx) {
    const helpers = helperFiles(ir);
    const routing = buildRouting(ir, helpers.refs);
    const config = renderHaproxyConfig(buildView(ir, ctx, routing));
    const files = [...helpers.files, ...routingFiles(routing)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files: [{ path: `${HAPROXY_DIR}/haproxy.cfg`, content: config }, ...files], diagnostics: [] };
  },
};
