#!/usr/bin/env bash
# Builds FerretDB (the MongoDB wire-protocol server used when MONGO_URL is unset) into .tools/bin.
# `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` is the documented way, but on these
# machines the module proxy refuses the deprecation look-up it makes, and a build from the plain module
# source panics at start because build/version/version.txt is absent from the module archive. So we
# download the exact release module, stamp its version file, and build that.
set -euo pipefail
VERSION=v1.24.2
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin/ferretdb"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version: $VERSION"; then
  exit 0
fi
command -v go >/dev/null || { echo "build-ferretdb: Go is needed to build FerretDB $VERSION" >&2; exit 1; }
echo "build-ferretdb: building FerretDB $VERSION (one time, about two minutes)…" >&2
dir="$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "build-ferretdb: could not download the FerretDB module" >&2; exit 1; }
src="$root/.tools/src/ferretdb-$VERSION"
rm -rf "$src" && mkdir -p "$(dirname "$src")" && cp -r "$dir" "$src" && chmod -R u+w "$src"
echo "$VERSION" > "$src/build/version/version.txt"
(cd "$src" && GOFLAGS=-buildvcs=false GOBIN="$root/.tools/bin" go install -trimpath ./cmd/ferretdb)
"$bin" --version >&2
