#!/usr/bin/env bash
# Builds FerretDB (the MongoDB wire-protocol server used when MONGO_URL is unset) into .tools/bin, with
# the patches in scripts/ferretdb/*.patch applied (see the header of each).
# `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` is the documented way, but on these
# machines the module proxy refuses the deprecation look-up it makes, and a build from the plain module
# source panics at start because build/version/version.txt is absent from the module archive. So we
# download the exact release module, stamp its version file, patch it and build that.
#
# The binary is rebuilt when the version or a patch changes: a hash of both is kept next to it in
# ferretdb.stamp. `--unpatched` builds the release as it is into .tools/bin/ferretdb-unpatched (for
# comparisons: `npm run bench:ferretdb -- --ferretdb .tools/bin/ferretdb-unpatched`).
set -euo pipefail
VERSION=v1.24.2
root="$(cd "$(dirname "$0")/.." && pwd)"
name=ferretdb
patches=()
if [ "${1:-}" = "--unpatched" ]; then
  name=ferretdb-unpatched
else
  shopt -s nullglob
  patches=("$root"/scripts/ferretdb/*.patch)
fi
bin="$root/.tools/bin/$name"
stampFile="$bin.stamp"
stamp="$( { echo "$VERSION"; for p in "${patches[@]}"; do basename "$p"; cat "$p"; done; } | sha256sum | cut -d' ' -f1)"
built() { [ -x "$bin" ] && [ "$(cat "$stampFile" 2>/dev/null)" = "$stamp" ]; }
built && exit 0

mkdir -p "$root/.tools/bin"
exec 9>"$root/.tools/$name.build.lock"
flock 9 # another start may be building it right now: wait for it, then use its build
built && exit 0

log() { echo "build-ferretdb: $* (at ${SECONDS}s)" >&2; }
command -v go >/dev/null || { echo "build-ferretdb: Go is needed to build FerretDB $VERSION" >&2; exit 1; }
log "building $name $VERSION with ${#patches[@]} patch(es) (one time, about two minutes)"
log "downloading the module github.com/FerretDB/FerretDB@$VERSION"
dir="$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "build-ferretdb: could not download the FerretDB module" >&2; exit 1; }
src="$root/.tools/src/$name-$VERSION"
rm -rf "$src" && mkdir -p "$(dirname "$src")" && cp -r "$dir" "$src" && chmod -R u+w "$src"
echo "$VERSION" > "$src/build/version/version.txt"
for p in "${patches[@]}"; do
  log "applying ${p#"$root"/}"
  patch -d "$src" -p1 --forward --batch --quiet < "$p"
done
if [ ${#patches[@]} -gt 0 ]; then
  log "testing the patched query builder (go test ./internal/backends/postgresql -run TestPrepare)"
  (cd "$src" && GOFLAGS=-buildvcs=false go test -count=1 -run '^TestPrepare' ./internal/backends/postgresql/ >&2)
fi
log "compiling ./cmd/ferretdb"
(cd "$src" && GOFLAGS=-buildvcs=false go build -trimpath -o "$bin.partial" ./cmd/ferretdb)
mv "$bin.partial" "$bin"
echo "$stamp" > "$stampFile"
log "built $bin: $("$bin" --version | grep -m1 'version:' | tr -s ' ')"
