#!/usr/bin/env bash
# The whole test suite against a release build: the arithmetic users run (x86-64-v3, with
# fused multiply-adds that debug builds leave out). Built apart, in .build-release-tests, so
# that the binary of `swift build -c release` stays as built (testing needs
# -enable-testing, which the shipped binary does not). Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path .build-release-tests
swift test -c release --skip-build --scratch-path .build-release-tests "$@"
