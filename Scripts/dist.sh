#!/usr/bin/env bash
# Builds integra for installation on a Linux machine without Swift: a release binary with the
# Swift standard library and Foundation linked statically, packed with the shared libraries it
# reads SQLite and SPSS/Stata files with (from Debian's libsqlite3 and libreadstat), the README
# and the docs. Then checks the package as a user would: unpacked in an empty folder, run with
# a PATH that has no Swift and no library path, on a copy of the demo.
#   Scripts/dist.sh            → dist/integra-VERSION-linux-ARCH.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
for package in libsqlite3-dev libreadstat-dev zlib1g-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$package"; }
done
version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/integra/Integra.swift)
arch=$(uname -m)
name="integra-$version-linux-$arch"
swift build -c release --static-swift-stdlib --product integra --scratch-path .build-dist \
  -Xlinker -rpath -Xlinker '$ORIGIN/../lib'
binary=.build-dist/release/integra

rm -rf "dist/$name" && mkdir -p "dist/$name/bin" "dist/$name/lib"
cp "$binary" "dist/$name/bin/integra"
strip "dist/$name/bin/integra"
# The libraries beyond the C runtime that every Linux has: found by ldd, shipped beside.
for library in libsqlite3.so.0 libreadstat.so.1; do
  cp -L "$(ldd "$binary" | awk -v l="$library" '$1 == l { print $3 }')" "dist/$name/lib/$library"
done
cp README.md "dist/$name/"
cp -r Docs "dist/$name/docs"
cat > "dist/$name/INSTALL.txt" <<TEXT
integra $version for Linux ($arch).

Unpack anywhere and put bin/ on your PATH, for example:
  tar -xzf $name.tar.gz -C ~/.local/opt
  ln -s ~/.local/opt/$name/bin/integra ~/.local/bin/integra
integra needs no Swift: the instruments are inside the binary (integra instruments lists
them) and lib/ holds the SQLite and ReadStat libraries it uses.
TEXT
tar -czf "dist/$name.tar.gz" -C dist "$name"

# The check: an empty folder, a PATH without Swift, no library path, the demo copied in.
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
tar -xzf "dist/$name.tar.gz" -C "$check"
mkdir "$check/work"
cp Fixtures/demo/study.json Fixtures/demo/responses.csv "$check/work/"
if ldd "$check/$name/bin/integra" | grep -E "libswift|libFoundation|libdispatch|not found"; then
  echo "dist: the binary still needs the Swift runtime or a missing library" >&2
  exit 1
fi
(
  cd "$check/work"
  env -i PATH=/usr/bin:/bin HOME="$check" "$check/$name/bin/integra" --version
  env -i PATH=/usr/bin:/bin HOME="$check" "$check/$name/bin/integra" instruments
  env -i PATH=/usr/bin:/bin HOME="$check" "$check/$name/bin/integra" run study.json --output out
  test -s out/report.html && test -s out/estimates.csv
  env -i PATH=/usr/bin:/bin HOME="$check" "$check/$name/bin/integra" check study.json > /dev/null
)
echo "dist: dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)) runs from an empty folder without Swift"
