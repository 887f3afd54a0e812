#!/usr/bin/env bash
# The agent desk's state model against a real Asterisk 22 through a restart. Not part of CI; no test needs it.
# Needs the Asterisk that deploy/asterisk/build.sh built and `mvn -B -DskipTests package` (target/hotline-bench.jar).
#
#   deploy/asterisk/agent-restart.sh [scratch dir]        (default: ${TMPDIR:-/tmp}/hotline-asterisk)
#
# What it does:
#   1. writes asterisk.conf / modules.conf / logger.conf for the scratch prefix and copies the sample configs of
#      deploy/asterisk UNCHANGED except the values marked REPLACE (AGI address; manager.conf's bind address,
#      port, permitted network and secret), as walk.sh does;
#   2. starts Asterisk in the foreground (background job) and waits until it is fully booted;
#   3. runs `hotline-bench.jar bench agent-asterisk` (AsteriskAgentCheck): first the same member actions sent to
#      Asterisk and to the AMI emulator on a plain socket, replies compared; then our desk (AgentDesk, AmiLink on
#      Asterisk-Java, an embedded Redis) logs agents 1001 and 1002 into hotline-general paused, makes 1001 ready,
#      runs `core restart now`, and waits until Asterisk's own QueueStatus shows both members back with the pause
#      each agent asked for (1001 unpaused, 1002 paused);
#   4. prints `queue show hotline-general` and every WARNING/ERROR Asterisk logged.
# Output: $SCRATCH/agent-run/agent-restart.txt. Exit status 0 when the members were repaired after the restart.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCRATCH=${1:-${TMPDIR:-/tmp}/hotline-asterisk}
PREFIX=$SCRATCH/prefix
RUN=$SCRATCH/agent-run
JAR=$REPO/target/hotline-bench.jar
AST=$PREFIX/sbin/asterisk

[ -x "$AST" ] || { echo "no Asterisk at $AST: run deploy/asterisk/build.sh $SCRATCH first" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
AMI_PORT=${AGENT_AMI_PORT:-$(free_port)}

rm -rf "$RUN"
mkdir -p "$RUN"/{etc,lib,db,spool,log,run}
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
systemname = agent-1
verbose = 3
CONF
cat > "$ETC/modules.conf" <<'CONF'
[modules]
autoload = yes
preload => pbx_config.so
CONF
cat > "$ETC/logger.conf" <<'CONF'
[general]
dateformat = %F %T.%3q
[logfiles]
full => notice,warning,error,verbose
CONF
cp "$HERE"/extensions.conf "$HERE"/queues.conf "$HERE"/pjsip.conf "$HERE"/manager.conf "$ETC/"
sed -i "s#agi://192\.0\.2\.10:4573/#agi://127.0.0.1:4573/#" "$ETC/extensions.conf"
AMI_SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
sed -i -e "s/^bindaddr = 198\.51\.100\.5/bindaddr = 127.0.0.1/" \
       -e "s/^port = 5038/port = $AMI_PORT/" \
       -e "s/^secret = REPLACE-WITH-A-LONG-RANDOM-SECRET/secret = $AMI_SECRET/" \
       -e "s#^permit = 198\.51\.100\.0/255\.255\.255\.0#permit = 127.0.0.1/255.255.255.255#" "$ETC/manager.conf"
{ diff "$HERE/extensions.conf" "$ETC/extensions.conf"; diff "$HERE/manager.conf" "$ETC/manager.conf"; } \
  | sed "s/$AMI_SECRET/<random>/" > "$RUN/config-changes.diff" || true

# ---- 2. Asterisk ------------------------------------------------------------------------------------------
cleanup() {
  "$AST" -C "$ETC/asterisk.conf" -rx "core stop now" > /dev/null 2>&1 || true
  if [ -n "${AST_PID:-}" ]; then
    for _ in $(seq 40); do kill -0 "$AST_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$AST_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
ax() { "$AST" -C "$ETC/asterisk.conf" -rx "$1"; }
# -f: `core restart now` re-executes Asterisk in place, so this job stays the one to stop at the end
"$AST" -C "$ETC/asterisk.conf" -f -n > "$RUN/asterisk.out" 2>&1 &
AST_PID=$!
for _ in $(seq 60); do ax "core waitfullybooted" > /dev/null 2>&1 && break; sleep 1; done
ax "core waitfullybooted" > /dev/null
VERSION=$(ax "core show version" | head -1)

# ---- 3. The check -----------------------------------------------------------------------------------------
{
  echo "# $VERSION; sample configs with the REPLACE values set (config-changes.diff)"
  java -jar "$JAR" bench agent-asterisk --ami "127.0.0.1:$AMI_PORT" --user hotline --secret "$AMI_SECRET" \
    --queue hotline-general --interface 'Local/%s@hotline-agents/n' --agents 1001:1001,1002:1002 \
    --restart "'$AST' -C '$ETC/asterisk.conf' -rx 'core restart now'" && echo 0 > "$RUN/status" \
    || echo 1 > "$RUN/status"
  echo "## queue show hotline-general"
  ax "queue show hotline-general" || true
  echo "## warnings and errors Asterisk logged"
  grep -E 'WARNING|ERROR' "$RUN/log/full" || echo "(none)"
} 2>&1 | sed "s/$AMI_SECRET/<secret>/g" | tee "$RUN/agent-restart.txt"
exit "$(cat "$RUN/status")"
