#!/usr/bin/env bash
# Training across processes on Open MPI (the MPI package trait), on this host's loopback: builds
# samplex without and with the trait (debug; the MPI build in .build-mpi, so that the default
# build stays as built), then checks under mpirun, on the bundled corpus:
#   - one process gives the vectors and vocabulary of the plain build, byte for byte (one
#     thread, one seed);
#   - two processes finish, process 0 writes the run folder, the vocabulary is the single
#     process's (vocab.txt identical), and both processes end with equal tables;
#   - every loss and CBOW train on two processes to equal tables, and so do two processes
#     synchronizing by words alone;
#   - two processes share a corpus of several files as one, with the single process's
#     vocabulary, and refuse one that holds a single-frame .zst;
#   - processes whose vocabularies differ stop with one clear error;
#   - a process that refuses its options ends the job with its message and a non-zero status;
#   - a write that process 0 cannot make ends every process, each with process 0's sentence;
#   - one process stopped by a signal and resumed gives the vectors of the run left alone;
#   - two processes stopped by a signal to mpirun write one checkpoint, refuse to resume it
#     under another number of processes, and resume it to equal tables;
#   - `samplex sync` times two processes' synchronizations, and refuses a process alone;
#   - a process killed ends the job with a non-zero status and no file half-written.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --mpi
swift build --product samplex
swift build --product samplex --traits MPI --scratch-path .build-mpi
plain=.build/debug/samplex
mpi=.build-mpi/debug/samplex
# Open MPI refuses root unless asked, and a CI machine may have fewer cores than processes.
mpirun=(mpirun --allow-run-as-root --oversubscribe)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The first 3,000 verses (about 80,000 words): seconds a run, even in a debug build.
zstd -dc Data/kjv.txt.zst >"$work/whole.txt"
head -n 3000 "$work/whole.txt" >"$work/kjv.txt"
settings=(--dim 16 --epochs 2 --threads 1 --seed 7 --min-count 3 --formats bin)

fail() {
  echo "test-mpi: FAILED: $*" >&2
  exit 1
}
# Runs the rest of the line, which must fail with a message that holds $1.
expect_refusal() {
  local expected=$1
  shift
  if "$@" >"$work/refused.out" 2>&1; then fail "'$*' succeeded"; fi
  grep -qF -- "$expected" "$work/refused.out" ||
    fail "'$*' did not say '$expected': $(cat "$work/refused.out")"
}

echo "== one process gives the plain build's run"
"$plain" train "$work/kjv.txt" -o "$work/plain" "${settings[@]}"
"${mpirun[@]}" -np 1 "$mpi" train "$work/kjv.txt" -o "$work/one" "${settings[@]}"
cmp "$work/plain/vectors.bin" "$work/one/vectors.bin" || fail "-np 1 vectors differ"
cmp "$work/plain/vocab.txt" "$work/one/vocab.txt" || fail "-np 1 vocabulary differs"

echo "== two processes train one model"
SAMPLEX_MPI_CHECKSUM=1 "${mpirun[@]}" -np 2 "$mpi" train "$work/kjv.txt" -o "$work/two" \
  "${settings[@]}" --sync-seconds 0.5 2>"$work/two.err" || fail "-np 2: $(cat "$work/two.err")"
for file in vectors.bin vocab.txt config.yaml metrics.jsonl; do
  [ -s "$work/two/$file" ] || fail "-np 2 wrote no $file"
done
cmp "$work/plain/vocab.txt" "$work/two/vocab.txt" || fail "-np 2 vocabulary differs"
# Process 0 alone reports: one line of the counting pass, one of the processes' schedule.
[ "$(grep -c '^counted the vocabulary' "$work/two.err")" -eq 1 ] ||
  fail "-np 2: not one line of the counting pass: $(cat "$work/two.err")"
grep -q '^2 processes: each trains at 2 × the learning rate (0.05) ' "$work/two.err" ||
  fail "-np 2 did not say the processes' rate: $(cat "$work/two.err")"
checksums=$(sed -n 's/^rank [01] of 2: tables checksum //p' "$work/two.err" | sort -u)
[ "$(grep -c '^rank [01] of 2: tables checksum' "$work/two.err")" -eq 2 ] ||
  fail "-np 2: not one checksum per process: $(cat "$work/two.err")"
[ "$(echo "$checksums" | wc -l)" -eq 1 ] || fail "-np 2: the processes' tables differ: $checksums"
# Process 0's metrics count every process's examples, as its words: about the single process's
# (the windows' random shrinking differs), not its own half.
examples() { tail -n 1 "$1/metrics.jsonl" | sed -n 's/.*"examples":\([0-9]*\).*/\1/p'; }
one_count=$(examples "$work/plain")
two_count=$(examples "$work/two")
[ -n "$two_count" ] && [ "${one_count:-0}" -gt 0 ] ||
  fail "no examples count in metrics.jsonl: '$one_count', '$two_count'"
[ $((two_count * 10)) -ge $((one_count * 9)) ] && [ $((two_count * 10)) -le $((one_count * 11)) ] ||
  fail "-np 2 counted $two_count examples against one process's $one_count"
# Synchronized tables are not the single process's: the processes did train apart.
cmp -s "$work/plain/vectors.bin" "$work/two/vectors.bin" && fail "-np 2 trained as one process"

echo "== every loss and both models train on two processes"
# The first 600 verses: the full softmax's seconds in a debug build.
head -n 600 "$work/kjv.txt" >"$work/short.txt"
for variant in "--model cbow" "--loss sampled-softmax --samples 64" \
  "--loss nce --samples 64 --candidates window" "--loss full-softmax" \
  "--loss hierarchical-softmax --model cbow"; do
  # shellcheck disable=SC2086 # each variant is several flags
  SAMPLEX_MPI_CHECKSUM=1 "${mpirun[@]}" -np 2 "$mpi" train "$work/short.txt" -o "$work/variant" \
    "${settings[@]}" --epochs 1 --sync-seconds 0.5 --overwrite $variant 2>"$work/variant.err" ||
    fail "-np 2 $variant: $(cat "$work/variant.err")"
  [ "$(grep -c '^rank [01] of 2: tables checksum' "$work/variant.err")" -eq 2 ] ||
    fail "-np 2 $variant: not one checksum per process: $(cat "$work/variant.err")"
  [ "$(sed -n 's/^rank [01] of 2: tables checksum //p' "$work/variant.err" | sort -u | wc -l)" -eq 1 ] ||
    fail "-np 2 $variant: the processes' tables differ: $(grep checksum "$work/variant.err")"
  [ -s "$work/variant/vectors.bin" ] || fail "-np 2 $variant wrote no vectors.bin"
done

echo "== two processes synchronizing by words alone train one model"
SAMPLEX_MPI_CHECKSUM=1 "${mpirun[@]}" -np 2 "$mpi" train "$work/kjv.txt" -o "$work/words" \
  "${settings[@]}" --sync-words 20000 2>"$work/words.err" ||
  fail "-np 2 --sync-words: $(cat "$work/words.err")"
[ "$(sed -n 's/^rank [01] of 2: tables checksum //p' "$work/words.err" | sort -u | wc -l)" -eq 1 ] ||
  fail "-np 2 --sync-words: the processes' tables differ: $(grep checksum "$work/words.err")"
grep -q "^  sync_words: 20000$" "$work/words/config.yaml" &&
  grep -q "^  sync_seconds: null$" "$work/words/config.yaml" ||
  fail "-np 2 --sync-words: config.yaml does not hold the schedule: $(grep sync "$work/words/config.yaml")"

echo "== two processes share a corpus of several files"
head -n 1500 "$work/kjv.txt" >"$work/first.txt"
tail -n +1501 "$work/kjv.txt" >"$work/second.txt"
"${mpirun[@]}" -np 2 "$mpi" train "$work/first.txt" "$work/second.txt" -o "$work/files" \
  "${settings[@]}" 2>"$work/files.err" || fail "-np 2 on two files: $(cat "$work/files.err")"
cmp "$work/plain/vocab.txt" "$work/files/vocab.txt" || fail "-np 2 on two files: vocabulary differs"

echo "== processes with different vocabularies stop"
head -n 20 "$work/plain/vocab.txt" >"$work/vocab-a.txt"
head -n 21 "$work/plain/vocab.txt" >"$work/vocab-b.txt"
expect_refusal "the processes hold different vocabularies (rank 1 differs from rank 0)" \
  "${mpirun[@]}" -np 1 "$mpi" train "$work/kjv.txt" -o "$work/mixed" "${settings[@]}" \
  --read-vocab "$work/vocab-a.txt" : -np 1 "$mpi" train "$work/kjv.txt" -o "$work/mixed" \
  "${settings[@]}" --read-vocab "$work/vocab-b.txt"

echo "== a process that refuses its options ends the job"
expect_refusal "sync_seconds" \
  "${mpirun[@]}" -np 2 "$mpi" train "$work/kjv.txt" -o "$work/bad" "${settings[@]}" \
  --sync-seconds 0
expect_refusal "training.budget_seconds is not supported when training on several processes" \
  "${mpirun[@]}" -np 2 "$mpi" train "$work/kjv.txt" -o "$work/bad" "${settings[@]}" \
  --budget-seconds 5
expect_refusal "needs corpus files that split into parts" \
  "${mpirun[@]}" -np 2 "$mpi" train - -o "$work/bad" "${settings[@]}" <"$work/kjv.txt"
# A 40 kB file compresses to one frame, which cannot be cut between the processes.
"$plain" compress "$work/second.txt" "$work/second.txt.zst" >/dev/null
expect_refusal "needs corpus files that split into parts" \
  "${mpirun[@]}" -np 2 "$mpi" train "$work/first.txt" "$work/second.txt.zst" -o "$work/bad" \
  "${settings[@]}"
[ ! -e "$work/bad" ] || fail "a refused run wrote $work/bad"

# Starts the rest of the line under mpirun in the background ($! is mpirun), each process
# writing its process id to $work/$1.RANK first, standard error to $work/$1.err.
start_recorded() {
  local name=$1
  shift
  rm -f "$work/$name".[0-9]*
  "${mpirun[@]}" -x "PIDS=$work/$name" "$@" 2>"$work/$name.err" &
}
# The mpirun -np arguments that start samplex through the script that records its process id.
# shellcheck disable=SC2016 # expanded by the shell each process runs
recorded=(sh -c 'echo $$ >"$PIDS.$OMPI_COMM_WORLD_RANK" && exec "$@"' recorded "$mpi")
# Waits until process 0 has its vocabulary (training starts next), up to a minute.
wait_training() {
  for _ in $(seq 300); do
    grep -q '^vocabulary:' "$work/$1.err" 2>/dev/null && return 0
    sleep 0.2
  done
  fail "$1: training did not start: $(cat "$work/$1.err")"
}
# No file of a run folder is half-written: none under a temporary name.
check_whole() {
  if ls -a "$1" | grep -q '\.partial-'; then fail "$1 holds a half-written file: $(ls -a "$1")"; fi
}

echo "== a write process 0 cannot make ends every process with its sentence"
# A folder holds the name of the vectors file: the resume trains a third epoch, process 0
# cannot write the vectors, and process 1 stops with its sentence rather than waiting for it.
rm "$work/two/vectors.bin"
mkdir -p "$work/two/vectors.bin/held"
unwritable="$work/two/vectors.bin: cannot be written (Is a directory)"
expect_refusal "process 0 failed and every process stops with it; fix what it says, then run again: $unwritable" \
  "${mpirun[@]}" -np 2 "$mpi" train --resume "$work/two" --set training.epochs=3
grep -qF -- "Error: $unwritable" "$work/refused.out" ||
  fail "process 0 did not say why it failed: $(cat "$work/refused.out")"
check_whole "$work/two"

echo "== one process stopped and resumed gives the vectors of the run left alone"
# A signal to the process itself (mpirun passes its own on late, below): it stops at its next
# 10,000 words, inside an epoch, and writes a checkpoint there.
start_recorded stop-one -np 1 "${recorded[@]}" train "$work/kjv.txt" -o "$work/stop-one" \
  "${settings[@]}"
job=$!
wait_training stop-one
sleep 1
kill -TERM "$(cat "$work/stop-one.0")"
if wait "$job"; then fail "-np 1 stopped: the run ended before the signal"; fi
grep -q 'saved checkpoint-' "$work/stop-one.err" || fail "-np 1 stopped: $(cat "$work/stop-one.err")"
check_whole "$work/stop-one"
"${mpirun[@]}" -np 1 "$mpi" train --resume "$work/stop-one" 2>"$work/stop-one.err" ||
  fail "-np 1 resume: $(cat "$work/stop-one.err")"
cmp "$work/one/vectors.bin" "$work/stop-one/vectors.bin" || fail "-np 1 resumed vectors differ"

echo "== two processes stopped by a signal to mpirun resume under two processes"
# Open MPI's mpirun passes SIGINT and SIGTERM on as SIGTERM odls_base_sigkill_timeout seconds
# later, and kills the processes as many seconds after that: 3 seconds to stop in. Twelve
# epochs (about 10 seconds in a debug build) so that the signal, 3 seconds late, arrives
# before the run ends (four epochs take about 3.4 seconds: the run could end first).
start_recorded stop-two --mca odls_base_sigkill_timeout 3 -np 2 "${recorded[@]}" \
  train "$work/kjv.txt" -o "$work/stop-two" "${settings[@]}" --epochs 12 --sync-seconds 0.5
job=$!
wait_training stop-two
kill -INT "$job"
if wait "$job"; then fail "-np 2 stopped: the run ended before the signal"; fi
saved=$(sed -n 's/.*saved \(checkpoint-[0-9.]*bin\); resume with: mpirun -np 2 .*/\1/p' \
  "$work/stop-two.err")
[ -n "$saved" ] && [ -s "$work/stop-two/$saved" ] ||
  fail "-np 2 stopped without a checkpoint: $(cat "$work/stop-two.err")"
[ ! -e "$work/stop-two/vectors.bin" ] || fail "-np 2 stopped, yet wrote vectors.bin"
check_whole "$work/stop-two"
expect_refusal "it was written by 2 processes training together, and this run has 1" \
  "${mpirun[@]}" -np 1 "$mpi" train --resume "$work/stop-two"
SAMPLEX_MPI_CHECKSUM=1 "${mpirun[@]}" -np 2 "$mpi" train --resume "$work/stop-two" \
  2>"$work/resumed.err" || fail "-np 2 resume: $(cat "$work/resumed.err")"
grep -q '^resuming ' "$work/resumed.err" || fail "-np 2 did not resume: $(cat "$work/resumed.err")"
[ "$(sed -n 's/^rank [01] of 2: tables checksum //p' "$work/resumed.err" | sort -u | wc -l)" -eq 1 ] ||
  fail "-np 2 resumed: the processes' tables differ: $(grep checksum "$work/resumed.err")"
[ "$(grep -c '^rank [01] of 2: tables checksum' "$work/resumed.err")" -eq 2 ] ||
  fail "-np 2 resumed: not one checksum per process: $(cat "$work/resumed.err")"
[ -s "$work/stop-two/vectors.bin" ] || fail "-np 2 resumed wrote no vectors.bin"
check_whole "$work/stop-two"

echo "== samplex sync times two processes' synchronizations, and refuses a process alone"
"${mpirun[@]}" -np 2 "$mpi" sync --vocab-size 1000 --vocab-size 4000 --dim 8 --repeats 3 \
  >"$work/sync.out" 2>"$work/sync.err" || fail "samplex sync: $(cat "$work/sync.err")"
[ "$(wc -l <"$work/sync.out")" -eq 2 ] || fail "samplex sync: not one line a size: $(cat "$work/sync.out")"
for field in '"processes":2' '"V":4000' '"every_row_floats":68000' '"hot_rows_floats":8500' \
  '"every_row_s_median":' '"hot_rows_s_median":'; do
  grep -qF -- "$field" "$work/sync.out" || fail "samplex sync printed no $field: $(cat "$work/sync.out")"
done
expect_refusal "that mpirun started" "$plain" sync --vocab-size 1000

echo "== a process killed ends the job"
start_recorded killed -np 2 "${recorded[@]}" train "$work/kjv.txt" -o "$work/killed" \
  "${settings[@]}" --epochs 12 --sync-seconds 0.5
job=$!
wait_training killed
sleep 1
kill -KILL "$(cat "$work/killed.1")"
if wait "$job"; then fail "a killed process left the job succeeding"; fi
grep -q 'exited on signal 9' "$work/killed.err" || fail "killed: $(cat "$work/killed.err")"
[ ! -e "$work/killed/vectors.bin" ] || fail "a killed job wrote vectors.bin"
check_whole "$work/killed"

echo "test-mpi: all checks passed"
