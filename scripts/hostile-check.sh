#!/usr/bin/env bash
# The hostile-input test (part of `make test`): what needs the synrl binary and a second process. Outputs that are
# devices, FIFOs, symlinks or folders; run folders claimed twice, by two processes at once, or resumed stale;
# closed or full standard streams; seeds at the edge; flags refused before any folder is made; SIGINT/SIGTERM
# giving complete folders for boundary and reproduce; general-rule and sgd checkpoints damaged part by part; a full file
# system (a small tmpfs, where mounting works).
# Every refusal must be ONE line on standard error and a non-zero exit, never a signal.
set -uo pipefail
cd "$(dirname "$0")/.."
SYNRL=$(realpath "${SYNRL:-.build-test/release/synrl}")
rules=$(realpath docs/rules)
work=$(mktemp -d)
cleanup() { umount "$work/tiny" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

# refuses NAME EXPECTED-TEXT COMMAND...: exits 1..127 (no signal); stderr ends with ONE error line holding the text
# (a failure during a run comes after the run's own log lines; a flag error is followed by argument-parser's
# two-line usage hint).
refuses() {
    local name=$1 expected=$2; shift 2
    "$@" > out.txt 2> err.txt < /dev/null
    local status=$?
    grep -v -e '^Usage: ' -e "^  See '" err.txt > error-line.txt
    local errors; errors=$(grep -c '^Error' error-line.txt)
    if [ "$status" -ge 1 ] && [ "$status" -lt 128 ] && [ "$errors" = 1 ] && tail -n 1 error-line.txt | grep -q '^Error' \
        && tail -n 1 error-line.txt | grep -qF -- "$expected"; then
        pass "$name: $(tail -n 1 error-line.txt | cut -c 1-300)"
    else
        fail "$name: exit $status, stderr: $(head -c 400 err.txt)"
    fi
}
# succeeds NAME COMMAND...: exit 0.
succeeds() {
    local name=$1; shift
    if "$@" > out.txt 2> err.txt < /dev/null; then pass "$name"; else fail "$name: exit $?, stderr: $(tail -c 400 err.txt)"; fi
}
boundary=("$SYNRL" boundary --iterations 200 --points 200 --hidden 10 --quiet)
train=("$SYNRL" train --hidden 0 --iterations 400 --batch-size 512 --resample-every 100 --eval-every 100 --step 0.001 --quiet)

# --- Outputs that are not regular files -------------------------------------------------------------------------
succeeds "--summary /dev/null is written through" "${boundary[@]}" --out b-null --summary /dev/null
[ -c /dev/null ] && pass "/dev/null is still a character device" || fail "/dev/null was replaced"
mkfifo pipe.json
cat pipe.json > from-pipe.json &
reader=$!
succeeds "--summary FIFO is written through" "${boundary[@]}" --out b-fifo --summary pipe.json
wait $reader
[ -p pipe.json ] && grep -q '"accuracy"' from-pipe.json && pass "the FIFO is still a FIFO and its reader got the summary" \
    || fail "FIFO replaced or summary lost"
echo precious > victim.txt
ln -s victim.txt link.json
refuses "--summary SYMLINK is refused before the run" "symbolic link" "${boundary[@]}" --out b-link --summary link.json
[ "$(cat victim.txt)" = precious ] && [ -L link.json ] && [ ! -e b-link ] && pass "the link, its target and no run folder" \
    || fail "the symlink or its target changed, or a run folder was left"
mkdir folder.json
refuses "--summary FOLDER is refused before the run" "is a folder" "${boundary[@]}" --out b-dir --summary folder.json
[ ! -e b-dir ] && pass "no run folder left by a refused --summary" || fail "a refused --summary left a run folder"
refuses "--save-policy /dev/full fails in one line" "No space left on device" "${boundary[@]}" --out b-full --save-policy /dev/full

# --- Run folders belong to one run ------------------------------------------------------------------------------
succeeds "a boundary run" "${boundary[@]}" --out b1
md5sum b1/weights.bin > b1.md5
refuses "--out on a finished run is refused" "already holds a run" "${boundary[@]}" --out b1 --seed 7
md5sum -c --quiet b1.md5 && pass "the finished run is untouched" || fail "the finished run was changed"
succeeds "--overwrite replaces it" "${boundary[@]}" --out b1 --seed 7 --overwrite
refuses "--out '' is refused" "--out needs a path" "${boundary[@]}" --out ''

(SYNRL_KILL_AT_ITERATION=150 "${train[@]}" --checkpoint-every 100 --out t1; true) > /dev/null 2>&1
[ -f t1/checkpoint.bin ] && pass "a killed run keeps its checkpoint" || fail "no checkpoint after kill -9"
refuses "train into an interrupted run's folder is refused" "synrl resume" "${train[@]}" --out t1
[ -f t1/checkpoint.bin ] && pass "its checkpoint survives" || fail "train deleted the interrupted run's checkpoint"

# Two processes: a slow run holds its folder; a second writer and a resume are refused while it runs, and a
# stale resume (checkpoint read before the run ended) cannot happen: resume takes the lock before reading.
"${train[@]}" --iterations 200000 --checkpoint-every 1000 --out t2 > /dev/null 2>&1 &
slow=$!
for _ in $(seq 100); do [ -f t2/configuration.json ] && break; sleep 0.1; done
refuses "a second writer is refused" "in use by another synrl process" "${train[@]}" --out t2 --overwrite
refuses "a resume of a running run is refused" "in use by another synrl process" "$SYNRL" resume t2 --quiet
for _ in $(seq 100); do [ -f t2/checkpoint.bin ] && break; sleep 0.1; done
kill -TERM $slow; wait $slow
status=$?
[ "$status" = 143 ] && grep -q '"interrupted" : true' t2/summary.json && pass "SIGTERM: train exits 143 with a complete folder" \
    || fail "SIGTERM: train exit $status"
"$SYNRL" resume t2 --quiet > /dev/null 2>&1 &
first=$!
sleep 1
refuses "a second resume while the first runs is refused" "in use by another synrl process" "$SYNRL" resume t2 --quiet
kill -TERM $first; wait $first
status=$?
[ "$status" = 143 ] && pass "the first resume ran on and stopped cleanly (exit 143)" || fail "the first resume: exit $status"
succeeds "a short run" "${train[@]}" --out t3
refuses "a resume of a finished run is refused" "the run finished" "$SYNRL" resume t3

# --- Standard streams closed or full --------------------------------------------------------------------------
for edge in "2>&-" "2>/dev/full" ">&- 2>&-"; do
    eval "\"\${boundary[@]}\" --out \"b-stream-\$RANDOM\" $edge" < /dev/null > /dev/null 2>&1
    status=$?
    # With stdout closed the final line is lost: exit 1 (reported where it can be), never a signal.
    if [ "$status" = 0 ] || { [ "$edge" = ">&- 2>&-" ] && [ "$status" = 1 ]; }; then pass "boundary with $edge: exit $status"
    else fail "boundary with $edge: exit $status"; fi
done
eval "\"\${train[@]}\" --hidden 0,0 2>/dev/full" > /dev/null; status=$?
[ "$status" -ge 1 ] && [ "$status" -lt 128 ] && pass "a refused flag with stderr on /dev/full: exit $status" || fail "refused flag, stderr full: exit $status"
refuses "stdout on /dev/full is an error, not a silent loss" "cannot write standard output" sh -c "exec \"\$0\" \"\$@\" > /dev/full" \
    "${boundary[@]}" --out b-stdout-full

# --- Seeds, flags and checkpoints -----------------------------------------------------------------------------
refuses "reproduce at the largest seed" "passes 2^64" "$SYNRL" reproduce --seed 18446744073709551615 --trials 2 --out r-seed
refuses "train --trials 2 at the largest seed" "passes 2^64" "${train[@]}" --trials 2 --seed 18446744073709551615 --out t-seed
refuses "--hidden 0,0" "stands alone" "${train[@]}" --hidden 0,0 --out t-h
refuses "--hidden 5,,5" "comma-separated" "${train[@]}" --hidden 5,,5 --out t-h
refuses "--ridge 0" "ridge λ" "${train[@]}" --method lstsq --ridge 0 --out t-r
refuses "--ridge inf" "ridge λ" "${train[@]}" --method lstsq --ridge inf --out t-r
refuses "--learning-rate nan" "learning rate" "${train[@]}" --method gd --learning-rate nan --out t-l
refuses "--threads 5000 on reproduce" "threads must be" "$SYNRL" reproduce --threads 5000 --out r-threads
[ ! -e t-seed ] && [ ! -e t-h ] && [ ! -e t-r ] && [ ! -e t-l ] && [ ! -e r-seed ] && [ ! -e r-threads ] \
    && pass "no refused flag left a folder" || fail "a refused flag left a folder: $(ls -d t-* r-* 2>/dev/null)"
refuses "a missing data set leaves no folder" "no such file" "${train[@]}" --data missing --out t-missing
[ ! -e t-missing ] && pass "no folder for a missing data set" || fail "a missing data set left a folder"
refuses "a diverging gd run stops in one line" "numerical failure" "${train[@]}" --method gd --hidden 32 --learning-rate 1e30 --iterations 30 --out t-diverge
grep -qiE 'nan|inf' t-diverge/metrics.csv 2>/dev/null && fail "metrics.csv holds a non-finite value" || pass "no NaN or infinity in its metrics.csv"
succeeds "a minibatch larger than the training set" "${train[@]}" --batch-size 100000 --iterations 20 --out t-batch
grep -q '"batchSize" : 45000' t-batch/configuration.json && pass "configuration.json records the minibatch used (45000)" \
    || fail "configuration.json records $(grep batchSize t-batch/configuration.json)"

# --- A general rule's checkpoint (format version 2) ------------------------------------------------------------
# damage FOLDER MODE: rewrites FOLDER/checkpoint.bin with one part made hostile and its CRC resealed, so that only
# the reader's own checks stand between it and the engine.
damage() {
    python3 - "$1/checkpoint.bin" "$2" <<'PY'
import json, struct, sys, zlib
path, mode = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
version, = struct.unpack_from('<I', data, 8)
length, = struct.unpack_from('<Q', data, 12)
header = json.loads(data[20:20 + length])
widths = {'f32': 4, 'f64': 8, 'u8': 1, 'u16': 2, 'u32': 4, 'i32': 4}
arrays, offset = {}, 20 + length
for entry in header['arrays']:
    size = entry['count'] * widths[entry['type']]
    arrays[entry['name']] = bytearray(data[offset:offset + size])
    offset += size
entries = {entry['name']: entry for entry in header['arrays']}
if mode == 'state':  # a synapse's state past the table
    arrays['rule.states.0'][0:4] = struct.pack('<I', 0xFFFFFFF0)
elif mode == 'code':  # an action code past A^n
    arrays['rule.actionCodes.0'][0:2] = struct.pack('<H', 60000)
elif mode == 'huge-rule':  # a rule claimed far larger than the file
    entries['rule']['count'] = 1 << 40
elif mode == 'huge-table':  # a table count that would allocate 2^62 values
    entries['rule.table.0']['count'] = 1 << 62
elif mode == 'other-rule':  # the recorded rule is not the configuration's
    rule = json.loads(arrays['rule'])
    rule['rule']['policy'] = {'kind': 'epsilon-greedy'}
    arrays['rule'] = bytearray(json.dumps(rule).encode())
    entries['rule']['count'] = len(arrays['rule'])
elif mode == 'no-rule':  # a version-2 file without its rule
    header['arrays'] = [entry for entry in header['arrays'] if entry['name'] != 'rule']
    del arrays['rule']
elif mode == 'window':  # an adaptive window already past its length
    header['trials'][0]['schedule']['windowIterations'] = 10 ** 6
elif mode == 'pending-reward':  # SARSA's pending reward outside [-1, 1]
    header['trials'][0]['rule']['pendingRewardBits'] = struct.unpack('<Q', struct.pack('<d', 7.0))[0]
elif mode == 'version-1':  # a general rule's state labelled as the old format
    version = 1
body = json.dumps(header, separators=(',', ':'), sort_keys=True).encode()
out = data[:8] + struct.pack('<IQ', version, len(body)) + body
for entry in header['arrays']:
    out += bytes(arrays[entry['name']])
out += struct.pack('<I', zlib.crc32(out) & 0xFFFFFFFF)
open(path, 'wb').write(out)
PY
}
trainrule=("$SYNRL" train --hidden 0 --iterations 400 --batch-size 512 --resample-every 100 --eval-every 100 --quiet)
(SYNRL_KILL_AT_ITERATION=150 "${trainrule[@]}" --rule "$rules/boltzmann-sarsa.json" --checkpoint-every 100 --out g1; true) > /dev/null 2>&1
[ -f g1/checkpoint.bin ] && pass "a killed Boltzmann-SARSA run keeps its checkpoint" || fail "no checkpoint of the general rule after kill -9"
(SYNRL_KILL_AT_ITERATION=150 "${trainrule[@]}" --rule "$rules/five-level-adaptive-step.json" --checkpoint-every 100 --out g2; true) > /dev/null 2>&1
for mode in state code huge-rule huge-table other-rule no-rule pending-reward version-1; do
    rm -rf "g1-$mode"; cp -r g1 "g1-$mode"; damage "g1-$mode" "$mode"
done
rm -rf g2-window; cp -r g2 g2-window; damage g2-window window
refuses "a synapse state past the rule's table" "out of range" "$SYNRL" resume g1-state --quiet
refuses "an action code past the rule's codes" "out of range" "$SYNRL" resume g1-code --quiet
refuses "a rule of 2^40 bytes, before allocating" "does not end with its rule" "$SYNRL" resume g1-huge-rule --quiet
refuses "a table of 2^62 values, before allocating" "do not match the shapes" "$SYNRL" resume g1-huge-table --quiet
refuses "a recorded rule that is not the configuration's" "is not the rule its configuration runs" "$SYNRL" resume g1-other-rule --quiet
refuses "a version-2 checkpoint without its rule" "does not end with its rule" "$SYNRL" resume g1-no-rule --quiet
refuses "a pending SARSA reward outside [-1, 1]" "pending reward" "$SYNRL" resume g1-pending-reward --quiet
refuses "a general rule's state in a version-1 file" "version-1 checkpoint holds the paper rule's memory only" "$SYNRL" resume g1-version-1 --quiet
refuses "an adaptive step's window past its length" "does not fit its adaptive schedule" "$SYNRL" resume g2-window --quiet
succeeds "the intact Boltzmann-SARSA checkpoint resumes" "$SYNRL" resume g1 --quiet
succeeds "the intact five-level adaptive-step checkpoint resumes" "$SYNRL" resume g2 --quiet
[ ! -e g1/checkpoint.bin ] && [ -f g1/summary.json ] && [ -f g2/summary.json ] \
    && pass "both general-rule runs finished and deleted their checkpoints" || fail "a resumed general-rule run did not finish"

# --- A gd/sgd/peer checkpoint (magic SYNRLPK1) --------------------------------------------------------------------
# damage_peer FOLDER MODE: truncated; a lying weight count (CRC resealed); a flipped byte (CRC not resealed); a
# network one class wider, its weights grown to match and the CRC resealed, so that only the run's check of the
# sizes against the data refuses it.
damage_peer() {
    python3 - "$1/checkpoint.bin" "$2" <<'PY'
import json, struct, sys, zlib
path, mode = sys.argv[1], sys.argv[2]
data = bytearray(open(path, 'rb').read())
if mode == 'truncated':
    open(path, 'wb').write(data[:len(data) // 2]); sys.exit()
if mode == 'crc':
    data[len(data) // 2] ^= 0x40; open(path, 'wb').write(data); sys.exit()
length, = struct.unpack_from('<Q', data, 12)
header = json.loads(data[20:20 + length])
body = data[20 + length:-4]
if mode == 'count':
    header['arrays'][0]['count'] += 1
elif mode == 'shape':
    inputs = header['sizes'][-2]
    header['sizes'][-1] += 1
    header['arrays'][0]['count'] += inputs + 1
    weights = 4 * (header['arrays'][0]['count'] - inputs - 1)
    body = body[:weights] + bytes(4 * (inputs + 1)) + body[weights:]
json_bytes = json.dumps(header, separators=(',', ':'), sort_keys=True).encode()
out = data[:12] + struct.pack('<Q', len(json_bytes)) + json_bytes + body
out += struct.pack('<I', zlib.crc32(out) & 0xFFFFFFFF)
open(path, 'wb').write(out)
PY
}
(SYNRL_KILL_AT_ITERATION=150 "${train[@]}" --method sgd --checkpoint-every 100 --out p1; true) > /dev/null 2>&1
[ -f p1/checkpoint.bin ] && [ "$(head -c 8 p1/checkpoint.bin)" = SYNRLPK1 ] && pass "a killed sgd run keeps its peer checkpoint" \
    || fail "no peer checkpoint after kill -9 of an sgd run"
for mode in truncated count crc shape; do
    rm -rf "p1-$mode"; cp -r p1 "p1-$mode"; damage_peer "p1-$mode" "$mode"
done
refuses "a truncated peer checkpoint" "checksum mismatch" "$SYNRL" resume p1-truncated --quiet
refuses "a peer checkpoint whose weight count lies" "do not match the network sizes" "$SYNRL" resume p1-count --quiet
refuses "a peer checkpoint with a bad CRC" "checksum mismatch" "$SYNRL" resume p1-crc --quiet
refuses "a peer checkpoint of a network that does not fit the data" "does not fit this data" "$SYNRL" resume p1-shape --quiet
succeeds "the intact sgd checkpoint resumes" "$SYNRL" resume p1 --quiet
[ ! -e p1/checkpoint.bin ] && [ -f p1/summary.json ] && pass "the resumed sgd run finished and deleted its checkpoint" \
    || fail "the resumed sgd run did not finish"

# --- SIGINT/SIGTERM give complete folders ----------------------------------------------------------------------
"$SYNRL" boundary --iterations 100000000 --quiet --out b-int > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -f b-int/configuration.json ] && break; sleep 0.1; done
sleep 0.5; kill -INT $pid; wait $pid; status=$?
[ "$status" = 130 ] && grep -q '"interrupted" : true' b-int/summary.json && [ -f b-int/policy.json ] && [ -f b-int/weights.bin ] \
    && pass "SIGINT: boundary exits 130 with summary, policy and weights" || fail "SIGINT: boundary exit $status"
"$SYNRL" reproduce --iterations-scale 0.1 --trials 1 --out r-int > /dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do [ -f r-int/1-synrl-32hu-seed1/configuration.json ] && break; sleep 0.1; done
sleep 1; kill -TERM $pid; wait $pid; status=$?
[ "$status" = 143 ] && grep -q '"interrupted" : true' r-int/summary.json && [ -f r-int/table1.md ] \
    && grep -q '"interrupted" : true' r-int/1-synrl-32hu-seed1/summary.json \
    && pass "SIGTERM: reproduce exits 143 with its table so far and the cut run's summary" || fail "SIGTERM: reproduce exit $status"

# --- What an independent hostile review found (each held here) ---------------------------------------------------
refuses "a boundary too large for memory is refused before it allocates" "of memory" \
    "$SYNRL" boundary --iterations 2 --points 100000000 --hidden 1000 --quiet --out m-boundary
refuses "gd with a million hidden units is refused before it allocates" "of memory" \
    "${train[@]}" --method gd --hidden 1000000 --iterations 1 --out m-gd
[ ! -e m-boundary ] && [ ! -e m-gd ] && pass "no folder left by a memory refusal" || fail "a memory refusal left a folder"
(ulimit -f 100; "${boundary[@]}" --out f-limit > out.txt 2> err.txt); status=$?
[ "$status" -ge 1 ] && [ "$status" -lt 128 ] && tail -n 1 err.txt | grep -q "File too large" \
    && [ "$(find f-limit -name '*.tmp' | wc -l)" = 0 ] && pass "past ulimit -f: one line, exit $status, no temporary left" \
    || fail "past ulimit -f: exit $status, $(tail -n 1 err.txt), $(find f-limit -name '*.tmp' | wc -l) temporaries"
succeeds "a run to aim at" "${boundary[@]}" --out target
md5sum target/* > target.md5
refuses "--summary into another run's files is refused" "would be replaced" "${boundary[@]}" --out d4 --summary target/weights.bin
refuses "--save-policy into another run's files is refused" "would be replaced" "${boundary[@]}" --out d4 --save-policy target/policy.json
md5sum -c --quiet target.md5 && pass "the other run is untouched" || fail "another run's files were replaced"
refuses "--summary naming the run folder itself is refused before the run" "names the run folder itself" "${boundary[@]}" --out d7 --summary d7
refuses "--summary as one of the run's own files is refused" "one of the run's own files" "${boundary[@]}" --out d7 --summary d7/summary.json
cp target/policy.json input.json
refuses "--summary equal to --save-policy is refused" "name the same file" "${boundary[@]}" --out d5 --summary same.json --save-policy same.json
refuses "--summary equal to the input --policy is refused" "name the same file" "${boundary[@]}" --out d5 --policy input.json --summary ./input.json
cmp -s input.json target/policy.json && [ ! -e d4 ] && [ ! -e d5 ] && [ ! -e d7 ] && [ ! -e same.json ] \
    && pass "the input policy is intact and no refused command left a folder" || fail "an input was replaced or a folder left"
long=$(python3 -c 'print("/".join(["d" * 200] * 25))')
refuses "an --out too long to create" "cannot create folder" "${boundary[@]}" --out "$long"
[ ! -e "d$(printf 'd%.0s' $(seq 199))" ] && pass "no half-made parents left" || fail "the parents of a refused --out were left"
"$SYNRL" --help > /dev/full 2> err.txt; status=$?
[ "$status" = 1 ] && grep -q "cannot write standard output" err.txt && pass "--help on a full stdout: exit 1, one line" \
    || fail "--help on a full stdout: exit $status"
succeeds "two runs started in one second with default folders" sh -c "\"\$0\" \"\$@\" && \"\$0\" \"\$@\"" "${boundary[@]}"

# --- A full file system ---------------------------------------------------------------------------------------
mkdir tiny
if mount -t tmpfs -o size=64k tmpfs tiny 2> /dev/null; then
    refuses "a run folder on a full file system" "No space left on device" "$SYNRL" boundary --iterations 400 --points 4000 --quiet --out tiny/run
    leftovers=$(find tiny -name '*.tmp' | wc -l)
    [ "$leftovers" = 0 ] && pass "no temporary left on the full file system" || fail "$leftovers temporaries left"
else
    echo "skip a full file system: cannot mount a tmpfs here (the in-process ENOSPC test covers it)"
fi

if [ "$failures" -gt 0 ]; then echo "hostile-check: $failures failures"; exit 1; fi
echo "hostile-check: all passed"
