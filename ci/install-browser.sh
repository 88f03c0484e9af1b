#!/usr/bin/env bash
# Install what the explorer browser test needs: Debian's headless `chromium` (apt, only when
# missing and we are root) and the test script's own npm packages (tests/browser/node_modules,
# playwright-core only, from the committed package-lock.json). playwright-core never downloads
# a browser: the test drives /usr/bin/chromium. Idempotent and quiet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
browser_dir="$here/../tests/browser"

apt_install() {
    if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "install-browser: $* missing and cannot apt-get install (not root / no apt)" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1; then
    echo "install-browser: installing Debian chromium" >&2
    apt_install chromium fonts-dejavu-core
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "install-browser: installing Debian nodejs and npm" >&2
    apt_install nodejs npm
fi

# Skip npm ci when node_modules already matches the lock file.
if [ -f "$browser_dir/node_modules/.package-lock.json" ] && \
   cmp -s <(node -e 'const p=require(process.argv[1]).packages||{};console.log(JSON.stringify(Object.entries(p).filter(([k])=>k.startsWith("node_modules/")).map(([k,v])=>[k,v.version]).sort()))' "$browser_dir/package-lock.json") \
          <(node -e 'const p=require(process.argv[1]).packages||{};console.log(JSON.stringify(Object.entries(p).filter(([k])=>k.startsWith("node_modules/")).map(([k,v])=>[k,v.version]).sort()))' "$browser_dir/node_modules/.package-lock.json"); then
    exit 0
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$browser_dir" --no-audit --no-fund --loglevel=error >/dev/null
