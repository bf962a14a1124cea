#!/bin/sh
# Install Debian's chromium (headless) for the HTML page checks when it is missing.
# Never fails the build: without a browser the page tests skip with a clear reason.
for b in chromium chromium-browser; do
  command -v "$b" >/dev/null 2>&1 && exit 0
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
if command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium (Debian package) for the HTML page checks" >&2
  if $SUDO apt-get update -qq >/dev/null 2>&1 &&
     DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
       chromium fonts-noto-cjk >/dev/null 2>&1; then
    exit 0
  fi
fi
echo "warning: chromium not installed; the headless-browser checks will be skipped" >&2
exit 0
