import type { Target } from '../target.js';
import { buildView } from './build-view.js';
import { haproxyCapabilities } from './capabilities.js';
import { HAPROXY_DIR, helperFiles } from './helper-files.js';
import { renderHaproxyConfig } from './templates.js';

/** HAProxy 2.6: DIR/haproxy/haproxy.cfg plus its helper files (PEM bundles, pattern files, JWT keys, run.sh). */
export const haproxyTarget: Target = {
  name: 'haproxy',
  description: 'HAProxy 2.6 config (haproxy.cfg) in master-worker mode',
  capabilities: haproxyCapabilities,
  emit(ir, ctx) {
    const helpers = helperFiles(ir);
    const config = renderHaproxyConfig(buildView(ir, ctx, helpers.jwtKeys));
    return { files: [{ path: `${HAPROXY_DIR}/haproxy.cfg`, content: config }, ...helpers.files], diagnostics: [] };
  },
};
