#!/usr/bin/env bash
# Installs what the page tests drive: Debian's Chromium and a CJK font (without it Chinese renders as squares).
# Run by `mvn test` (exec-maven-plugin); quick when both are there. Never fails the build by itself: a page test
# that finds no browser fails with a message saying so.
if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "wenquanyi zen hei"; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-browser: chromium or fonts-wqy-zenhei missing and not root with apt-get; page tests will fail" >&2
  exit 0
fi
echo "install-browser: installing chromium and fonts-wqy-zenhei for the page tests"
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null) \
  || echo "install-browser: apt-get failed; page tests will fail" >&2
exit 0
