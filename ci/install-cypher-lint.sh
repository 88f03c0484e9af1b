#!/usr/bin/env bash
# Install the Cypher linter's npm dependencies (ci/cypher-lint/node_modules) from
# the committed package-lock.json. Idempotent: does nothing when the installed
# tree already matches the lock file. Installs Debian's nodejs/npm if npm is
# missing and we are root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lint_dir="$here/cypher-lint"
lock="$lint_dir/package-lock.json"
installed_lock="$lint_dir/node_modules/.package-lock.json"

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "install-cypher-lint: npm not found, installing Debian nodejs and npm" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "install-cypher-lint: npm not found (install Node.js >= 18.18 with npm)" >&2
        exit 1
    fi
fi

# npm writes node_modules/.package-lock.json on install; when it lists the same
# packages at the same versions as the committed lock, the tree is current.
if [ -f "$installed_lock" ] && node -e '
    const fs = require("fs");
    const pick = (f) => {
        const pkgs = JSON.parse(fs.readFileSync(f, "utf8")).packages || {};
        return JSON.stringify(Object.entries(pkgs)
            .filter(([k]) => k.startsWith("node_modules/"))
            .map(([k, v]) => [k, v.version, v.integrity]).sort());
    };
    process.exit(pick(process.argv[1]) === pick(process.argv[2]) ? 0 : 1);
' "$lock" "$installed_lock"; then
    exit 0
fi

npm ci --prefix "$lint_dir" --no-audit --no-fund --loglevel=error >/dev/null
