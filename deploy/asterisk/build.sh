#!/usr/bin/env bash
# Builds a minimal Asterisk 22 from its public source into a scratch prefix, for walking the hotline's
# sample dialplan on a real Asterisk (deploy/asterisk/walk.sh, docs/asterisk.md). No system-wide install;
# not part of CI.
#
#   deploy/asterisk/build.sh [scratch dir]          (default: ${TMPDIR:-/tmp}/hotline-asterisk)
#
# Environment:
#   ASTERISK_REPO  where to clone from (default https://github.com/asterisk/asterisk.git; a local mirror
#                  works the same, e.g. file:///srv/mirror/asterisk.git)
#   ASTERISK_REF   branch or tag (default 22.10.1, the newest 22 release when this was written;
#                  `releases/22` on GitHub is the moving branch, called `22` in some mirrors)
#   JOBS           parallel make jobs (default 2); compiling runs niced
#
# Build packages (Debian 12): build-essential libedit-dev libjansson-dev libxml2-dev uuid-dev libsqlite3-dev
# Nothing is downloaded during the build: jansson comes from the system, pjproject is left out (the walk
# places calls as Local channels, no SIP), and no sound packages are fetched (the hotline renders its own).
set -euo pipefail

SCRATCH=${1:-${TMPDIR:-/tmp}/hotline-asterisk}
REPO=${ASTERISK_REPO:-https://github.com/asterisk/asterisk.git}
REF=${ASTERISK_REF:-22.10.1}
JOBS=${JOBS:-2}
SRC=$SCRATCH/src
PREFIX=$SCRATCH/prefix

# What the walk loads: the FastAGI client, the dialplan and queues of deploy/asterisk, Local channels
# (core in 22), playing/recording WAV prompts, SendDTMF for the simulated caller, and what app_queue needs
# to bridge a caller with a member, and the CLI's `channel originate` (res_clioriginate) that places the walk's
# calls. Everything else stays out to keep the build short.
MODULES=(
  res_agi res_speech pbx_config
  app_queue app_dial app_playback app_senddtmf app_record app_read app_stack app_verbose
  func_strings func_channel func_callerid func_logic
  format_wav format_pcm format_sln
  codec_ulaw codec_alaw codec_a_mu codec_resample
  res_musiconhold res_timing_timerfd res_clioriginate
  bridge_simple bridge_holding bridge_builtin_features
)

mkdir -p "$SCRATCH"
if [ ! -d "$SRC/.git" ]; then
  git clone --depth 1 --branch "$REF" "$REPO" "$SRC"
fi
cd "$SRC"
echo "event=asterisk_source ref=$REF commit=$(git rev-parse HEAD)"

if [ ! -f config.status ]; then
  ./configure --prefix="$PREFIX" --disable-xmldoc --without-pjproject-bundled --without-pjproject \
    > "$SCRATCH/configure.log" 2>&1 || { tail -30 "$SCRATCH/configure.log"; exit 1; }
fi

make menuselect.makeopts > /dev/null
menuselect/menuselect --disable-all menuselect.makeopts > /dev/null
enable=()
for m in "${MODULES[@]}"; do enable+=(--enable "$m"); done
# DONT_OPTIMIZE (-O0) compiles about twice as fast, and a walk of a few calls does not need speed; its
# companion COMPILE_DOUBLE (compile everything twice) would undo that.
menuselect/menuselect "${enable[@]}" --enable DONT_OPTIMIZE --disable COMPILE_DOUBLE menuselect.makeopts > /dev/null
# menuselect says nothing about a name it does not know: check each one is known and off every
# disabled list.
for m in "${MODULES[@]}"; do
  if ! grep -q "name=\"$m\"" menuselect-tree \
     || grep -v "^MENUSELECT_BUILD_DEPS=" menuselect.makeopts | grep -Eq "^MENUSELECT_[A-Z_]+=(.* )?$m( |\$)"; then
    echo "module $m is not enabled (menuselect.makeopts)" >&2; exit 1
  fi
done

nice -n 15 make -j"$JOBS" > "$SCRATCH/make.log" 2>&1 || { tail -40 "$SCRATCH/make.log"; exit 1; }
make install > "$SCRATCH/install.log" 2>&1 || { tail -40 "$SCRATCH/install.log"; exit 1; }
echo "event=asterisk_built prefix=$PREFIX version=$("$PREFIX/sbin/asterisk" -V)"
