#!/usr/bin/env bash
# Installs samplex: the C libraries it links (Scripts/install-deps.sh), a release build, and the
# binary copied into a folder of commands, then says where it went.
#   Scripts/install.sh                     # into /usr/local/bin (with sudo when not writable)
#   Scripts/install.sh --prefix ~/.local/bin
#   Scripts/install.sh --binary FILE       # copy a samplex built before instead of building
# The copy goes to a temporary name beside the target and is renamed over it, so a samplex
# running from the prefix is never left half-written.
set -euo pipefail
# Paths given as options are the caller's, so they are made absolute before moving to the
# repository.
caller="$PWD"
absolute() { case "$1" in /*) echo "$1" ;; "") echo "" ;; *) echo "$caller/$1" ;; esac; }
repository="$(cd "$(dirname "$0")/.." && pwd)"

prefix=/usr/local/bin
binary=""
fail() {
  echo "install.sh: $1" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)
      [ $# -ge 2 ] || fail "--prefix needs a folder (say --prefix ~/.local/bin)."
      prefix="$2"
      shift 2
      ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --binary)
      [ $# -ge 2 ] || fail "--binary needs the samplex to copy (say --binary .build/release/samplex)."
      binary="$2"
      shift 2
      ;;
    --binary=*) binary="${1#--binary=}"; shift ;;
    -h | --help)
      sed -n '2,8s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) fail "unknown option '$1'; the options are --prefix DIR and --binary FILE." ;;
  esac
done
[ -n "$prefix" ] || fail "--prefix needs a folder (say --prefix ~/.local/bin)."
prefix="$(absolute "$prefix")"
binary="$(absolute "$binary")"
cd "$repository"

if [ -z "$binary" ]; then
  Scripts/install-deps.sh
  swift build -c release --product samplex
  binary="$(swift build -c release --show-bin-path)/samplex"
fi
[ -f "$binary" ] && [ -x "$binary" ] \
  || fail "no samplex to install at $binary; build it first (swift build -c release --product samplex) or leave out --binary."

# sudo only where the prefix (or the nearest folder above it that exists) is not ours to write.
existing="$prefix"
while [ ! -d "$existing" ]; do existing="$(dirname "$existing")"; done
sudo=""
if [ ! -w "$existing" ] && [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo mkdir -p "$prefix"
target="$prefix/samplex"
$sudo install -m 0755 "$binary" "$target.installing.$$"
$sudo mv -f "$target.installing.$$" "$target"

echo "installed $("$target" --version) as $target"
case ":$PATH:" in
  *":$prefix:"*) ;;
  *) echo "$prefix is not on your PATH; add it with: export PATH=\"$prefix:\$PATH\"" ;;
esac
