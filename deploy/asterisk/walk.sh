#!/usr/bin/env bash
# Walks the main flow on a real Asterisk 22 and compares every call with the project's emulator.
# Not part of CI. Needs the Asterisk that deploy/asterisk/build.sh built, `mvn -DskipTests package`,
# espeak-ng and sox (prompts render), python3. Runs as any user; everything lives under the scratch dir.
#
#   deploy/asterisk/walk.sh [scratch dir] [walk name ...]      (default: ${TMPDIR:-/tmp}/hotline-asterisk, all)
#
# What it does:
#   1. writes a minimal asterisk.conf / modules.conf / logger.conf for the scratch prefix, and copies the four
#      sample configs of deploy/asterisk UNCHANGED except the values marked REPLACE that a box must set: the
#      hotline server's address in the AGI line, and manager.conf's bind address, permitted network and secret;
#   2. renders the prompts (`hotline prompts render`) into that Asterisk's sounds directory;
#   3. starts Asterisk in the foreground (background job) and two `hotline serve` nodes (embedded Redis each,
#      the clock pinned to a working Monday morning so that the working-hours menus answer): one for the real
#      Asterisk, one for the emulator;
#   4. for every walk in walks.tsv: adds a caller to the dialplan at run time (context hotline-walk, nothing
#      written into the sample files) that waits and presses keys with SendDTMF on its half of a Local channel,
#      originates it into 12333@hotline-test-in (the sample's test entry), and reads the call record the server
#      wrote; runs `hotline simulate` with the same keys against a second server node of its own (what
#      --standalone starts, started once for all walks); prints both paths and outcomes;
#   5. prints `manager show user hotline` and `queue show`, and every WARNING/ERROR Asterisk logged.
# Environment: WALK_PARALLEL (walks at once, default 3), WALK_AMI_PORT (default 5038), WALK_AGI_PORT (default
# any free port), HOTLINE_CLOCK, WALKS (another walks file).
# Output: $SCRATCH/run/walk-result.md (the table) and the logs beside it. Exit status 0 when every walk took the
# same path to the same outcome on the real Asterisk and on the emulator, 1 when one did not.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCRATCH=${1:-${TMPDIR:-/tmp}/hotline-asterisk}
shift || true
ONLY=("$@")
PREFIX=$SCRATCH/prefix
RUN=$SCRATCH/run
JAR=$REPO/target/hotline.jar
AST=$PREFIX/sbin/asterisk
CLOCK=${HOTLINE_CLOCK:-2026-11-23T10:00+08:00}
WALKS=${WALKS:-$HERE/walks.tsv}

[ -x "$AST" ] || { echo "no Asterisk at $AST: run deploy/asterisk/build.sh $SCRATCH first" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
AGI_PORT=${WALK_AGI_PORT:-$(free_port)}
WEB_PORT=$(free_port)
REDIS_PORT=$(free_port)
AMI_PORT=${WALK_AMI_PORT:-5038}

rm -rf "$RUN"
mkdir -p "$RUN"/{etc,lib,db,spool/hotline-msg,log,run,logs,emu-logs,journal}
ETC=$RUN/etc

# ---- 1. Configuration -------------------------------------------------------------------------------------
cat > "$ETC/asterisk.conf" <<CONF
[directories]
astetcdir => $ETC
astmoddir => $PREFIX/lib/asterisk/modules
astvarlibdir => $RUN/lib
astdbdir => $RUN/db
astkeydir => $RUN/lib
astdatadir => $RUN/lib
astagidir => $RUN/lib/agi-bin
astspooldir => $RUN/spool
astrundir => $RUN/run
astlogdir => $RUN/log
astsbindir => $PREFIX/sbin

[options]
; docs/asterisk.md, Install step 3: every box gets a system name; call ids are <systemname>/<uniqueid>.
systemname = walk-1
verbose = 3
CONF
# Every module the build made; pbx_config first so that Local queue members are valid (docs/asterisk.md).
cat > "$ETC/modules.conf" <<'CONF'
[modules]
autoload = yes
preload => pbx_config.so
CONF
cat > "$ETC/logger.conf" <<'CONF'
[general]
dateformat = %F %T.%3q
[logfiles]
full => notice,warning,error,verbose,dtmf
messages => notice,warning,error
CONF
# No musiconhold.conf: callers wait in queues in silence, which does not change any path.

cp "$HERE"/extensions.conf "$HERE"/queues.conf "$HERE"/pjsip.conf "$HERE"/manager.conf "$ETC/"
# The REPLACE values a box must set, and nothing else.
sed -i "s#agi://192\.0\.2\.10:4573/#agi://127.0.0.1:$AGI_PORT/#" "$ETC/extensions.conf"
AMI_SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
sed -i -e "s/^bindaddr = 198\.51\.100\.5/bindaddr = 127.0.0.1/" \
       -e "s/^port = 5038/port = $AMI_PORT/" \
       -e "s/^secret = REPLACE-WITH-A-LONG-RANDOM-SECRET/secret = $AMI_SECRET/" \
       -e "s#^permit = 198\.51\.100\.0/255\.255\.255\.0#permit = 127.0.0.1/255.255.255.255#" "$ETC/manager.conf"
grep -c '127.0.0.1' "$ETC/extensions.conf" > /dev/null || { echo "the AGI line was not found in extensions.conf" >&2; exit 1; }
diff "$HERE/extensions.conf" "$ETC/extensions.conf" > "$RUN/config-changes.diff" || true
diff "$HERE/manager.conf" "$ETC/manager.conf" | sed "s/$AMI_SECRET/<random>/" >> "$RUN/config-changes.diff" || true

# ---- 2. Prompts -------------------------------------------------------------------------------------------
# Rendered outside the run directory: a second run speaks only what changed (the manifest).
(cd "$REPO" && java -jar "$JAR" prompts render --out "$SCRATCH/sounds") > "$RUN/prompts-render.log" 2>&1 \
  || { tail -5 "$RUN/prompts-render.log"; echo "prompts render failed" >&2; exit 1; }
cp -r "$SCRATCH/sounds" "$RUN/lib/sounds"

# ---- 3. Asterisk and the server ---------------------------------------------------------------------------
cleanup() {
  local pid
  for pid in ${SERVE_PID:-} ${EMU_SERVE_PID:-}; do kill "$pid" 2>/dev/null; done
  if [ -n "${AST_PID:-}" ]; then "$AST" -C "$ETC/asterisk.conf" -rx "core stop now" > /dev/null 2>&1; fi
  for pid in ${SERVE_PID:-} ${EMU_SERVE_PID:-} ${AST_PID:-}; do
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ax() { "$AST" -C "$ETC/asterisk.conf" -rx "$1"; }

"$AST" -C "$ETC/asterisk.conf" -f -n > "$RUN/asterisk.out" 2>&1 &
AST_PID=$!
for _ in $(seq 60); do ax "core waitfullybooted" > /dev/null 2>&1 && break; sleep 1; done
ax "core waitfullybooted" > /dev/null
VERSION=$(ax "core show version" | head -1)
ax "core set verbose 3" > /dev/null
ax "agi set debug on" > /dev/null

# Two server nodes with the same settings, each with its own embedded Redis and demo data: one for the real
# Asterisk, one that `simulate` dials (as --standalone would start, but once for all walks).
serve() { # AGI_PORT WEB_PORT REDIS_PORT LOG_DIR
  cd "$REPO" && exec env AGI_PORT="$1" AGI_BIND=127.0.0.1 WEB_PORT="$2" WEB_BIND=127.0.0.1 \
     EMBEDDED_REDIS_PORT="$3" HOTLINE_CLOCK="$CLOCK" HOTLINE_RECORDINGS="$RUN/spool/hotline-msg" \
     HOTLINE_LOG_DIR="$4" HOTLINE_JOURNAL="$4/journal" HOTLINE_NODE=walk \
     java -Xmx512m -jar "$JAR" serve
}
serve "$AGI_PORT" "$WEB_PORT" "$REDIS_PORT" "$RUN/logs" > "$RUN/serve.log" 2>&1 &
SERVE_PID=$!
EMU_AGI_PORT=$(free_port); EMU_REDIS_PORT=$(free_port)
serve "$EMU_AGI_PORT" "$(free_port)" "$EMU_REDIS_PORT" "$RUN/emu-logs" > "$RUN/emu-serve.log" 2>&1 &
EMU_SERVE_PID=$!
for log in serve.log emu-serve.log; do
  for _ in $(seq 300); do grep -q 'event=node_started' "$RUN/$log" && break; sleep 1; done
  grep -q 'event=node_started' "$RUN/$log" || { tail -20 "$RUN/$log"; echo "serve did not start ($log)" >&2; exit 1; }
done

# ---- 4. The walks -----------------------------------------------------------------------------------------
# walks.tsv: name <TAB> emulator keys (simulate --keys) <TAB> the caller's schedule <TAB> simulate options <TAB>
# what it walks. Schedule: space-separated DELAY:KEYS, DELAY seconds after the previous step ended (the first:
# after the call was answered), KEYS sent with SendDTMF; DELAY:@SOUND plays a rendered sound as the caller's
# voice. Options `--queue answer`: an agent answers in hotline-general (else every queue is empty: JOINEMPTY).
: > "$RUN/walks.out"
walk() { # name emulator-keys schedule options what
  local name=$1 emu=$2 schedule=$3 options=$4 what=$5 p=1 keys step emu_pid chans
  ax "dialplan add extension $name,$p,Answer() into hotline-walk" > /dev/null; p=$((p + 1))
  for step in $schedule; do
    ax "dialplan add extension $name,$p,Wait(${step%%:*}) into hotline-walk" > /dev/null; p=$((p + 1))
    keys=${step#*:}
    if [ "${keys#@}" != "$keys" ]; then
      # The caller speaks: one of the rendered prompts, played on the caller's half into the call.
      ax "dialplan add extension $name,$p,Playback($RUN/lib/sounds/zh/${keys#@}) into hotline-walk" > /dev/null
    else
      ax "dialplan add extension $name,$p,SendDTMF($keys) into hotline-walk" > /dev/null
    fi
    p=$((p + 1))
  done
  ax "dialplan add extension $name,$p,Wait(300) into hotline-walk" > /dev/null; p=$((p + 1))
  ax "dialplan add extension $name,$p,Hangup() into hotline-walk" > /dev/null

  # The sample's test caller number (hotline-test-in), so that callback and SMS requests see the same number.
  # shellcheck disable=SC2086
  (cd "$REPO" && env HOTLINE_CLOCK="$CLOCK" HOTLINE_LOG_DIR="$RUN/emu-logs" HOTLINE_LOG_LEVEL=WARN \
     java -jar "$JAR" simulate --port "$EMU_AGI_PORT" --redis "redis://127.0.0.1:$EMU_REDIS_PORT" \
       --caller 10000000000 $options --keys "$emu") > "$RUN/emu-$name.out" 2>&1 &
  emu_pid=$!

  ax "channel originate Local/$name@hotline-walk extension 12333@hotline-test-in" >> "$RUN/originate.log" 2>&1
  # The call is over when no channel of this walk is left.
  for _ in $(seq 400); do
    sleep 1
    chans=$(ax "core show channels concise")
    grep -q "^Local/$name@hotline-walk" <<< "$chans" || break
  done
  wait "$emu_pid" || true
  printf '%s\t%s\t%s\t%s\n' "$name" "$emu" "$schedule" "$what" >> "$RUN/walks.out"
  echo "walked $name"
}
# Walks with empty queues run WALK_PARALLEL at a time (independent calls, as on a real box); a walk whose
# agent answers runs alone afterwards, with an agent who answers at once and talks for 10 s (the sample's
# talk@hotline-test) in hotline-general, where every other walk must find nobody.
PARALLEL=${WALK_PARALLEL:-3}
answering=()
walking=()
while IFS=$'\t' read -r name emu schedule options what; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ ${#ONLY[@]} -gt 0 ] && ! printf '%s\n' "${ONLY[@]}" | grep -qx "$name"; then continue; fi
  case " $options " in
    *" --queue answer "*) answering+=("$name"$'\t'"$emu"$'\t'"$schedule"$'\t'"$options"$'\t'"$what"); continue ;;
  esac
  while :; do
    live=0
    for pid in "${walking[@]}"; do kill -0 "$pid" 2>/dev/null && live=$((live + 1)); done
    [ "$live" -lt "$PARALLEL" ] && break
    sleep 1
  done
  walk "$name" "$emu" "$schedule" "$options" "$what" &
  walking+=($!)
  sleep 2
done < "$WALKS"
for pid in "${walking[@]}"; do wait "$pid" || true; done
for row in "${answering[@]}"; do
  IFS=$'\t' read -r name emu schedule options what <<< "$row"
  ax "queue add member Local/talk@hotline-test/n to hotline-general" > /dev/null
  walk "$name" "$emu" "$schedule" "$options" "$what"
  ax "queue remove member Local/talk@hotline-test/n from hotline-general" > /dev/null
done
sleep 2

# ---- 5. Checks and the table ------------------------------------------------------------------------------
{
  echo "## manager show user hotline"; ax "manager show user hotline"
  echo "## queue show"; ax "queue show"
  echo "## dialplan show 12333@hotline-inbound"; ax "dialplan show 12333@hotline-inbound"
} > "$RUN/checks.txt" 2>&1
grep -E 'WARNING|ERROR' "$RUN/log/full" > "$RUN/warnings.txt" || true

status=0
python3 "$HERE/walk_table.py" "$RUN" "$VERSION" > "$RUN/walk-result.md" || status=$?
cat "$RUN/walk-result.md"
echo "logs: $RUN (full Asterisk log with every AGI line: log/full; server: serve.log)"
# 0: every walk took the same path to the same outcome on both; 1: at least one did not.
exit "$status"
