#!/usr/bin/env bash
# Builds the libFuzzer targets (Tests/Fuzz, with AddressSanitizer) and runs each for SECONDS
# (default 60), starting from its kept corpus in Tests/Fuzz/Corpora/<name>/. Inputs that reach
# new code are merged back into that corpus (libFuzzer's -merge=1 keeps only those), so a
# commit after a run keeps what was learned; the ordinary tests replay the corpora.
# A finding (crash, leak, timeout, memory past the limits) is written to $FINDINGS (default
# .build/fuzz-findings/) and the script exits non-zero.
#   Scripts/fuzz.sh [SECONDS] [TARGET ...]    e.g. Scripts/fuzz.sh 600 FuzzCorpusZstd
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(FuzzConfiguration FuzzVocabulary FuzzWord2VecText FuzzWord2VecBinary FuzzCorpusPlain
    FuzzCorpusZstd FuzzCheckpoint FuzzCheckpointResealed FuzzAnalogies FuzzSimilarity FuzzProjector)
fi
Scripts/install-deps.sh
# The package's build plan does not notice files added to the library it depends on by path:
# planning anew each time costs a rebuild (about 80 s here) and never fuzzes stale code.
rm -f Tests/Fuzz/.build/release.yaml Tests/Fuzz/.build/build.db
# swiftc keeps only its last -sanitize= argument, so both sanitizers go in one (SwiftPM passes
# them as two, and then the library gets no coverage counters).
swift build --package-path Tests/Fuzz -c release --sanitize=address --sanitize=fuzzer \
  -Xswiftc -sanitize=fuzzer,address
bin=Tests/Fuzz/.build/release
findings=${FINDINGS:-.build/fuzz-findings}
mkdir -p "$findings"
status=0
for target in "${targets[@]}"; do
  case $target in
    FuzzConfiguration) name=configuration ;;
    FuzzVocabulary) name=vocabulary ;;
    FuzzWord2VecText) name=word2vec-text ;;
    FuzzWord2VecBinary) name=word2vec-binary ;;
    FuzzCorpusPlain) name=corpus-plain ;;
    FuzzCorpusZstd) name=corpus-zstd ;;
    FuzzCheckpoint) name=checkpoint ;;
    FuzzCheckpointResealed) name=checkpoint-resealed ;;
    FuzzAnalogies) name=analogies ;;
    FuzzSimilarity) name=similarity ;;
    FuzzProjector) name=projector ;;
    *) echo "unknown fuzz target $target" >&2; exit 2 ;;
  esac
  corpus=Tests/Fuzz/Corpora/$name
  [ -d "$corpus" ] || { echo "$target: no corpus folder $corpus" >&2; exit 2; }
  scratch=$(mktemp -d)
  echo "== $target, $seconds s, corpus $corpus ($(ls "$corpus" | wc -l) inputs)"
  # Limits: 10 s an input, 2 GiB resident, 1 GiB in one allocation; inputs up to 4 KiB.
  if ! "$bin/$target" "$scratch" "$corpus" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$findings/$target-" 2>"$scratch.log"; then
    status=1
    echo "$target: FINDING, see $scratch.log and $findings/" >&2
  fi
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done )' \
    "$scratch.log" || true
  "$bin/$target" -merge=1 "$corpus" "$scratch" 2>>"$scratch.log" || status=1
  echo "$target: kept corpus now $(ls "$corpus" | wc -l) inputs"
  rm -rf "$scratch"
done
exit $status
