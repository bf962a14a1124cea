#!/bin/sh
# Install Debian's chromium (headless) and a CJK font for the HTML page checks.
# Never fails the build: without a browser the page tests skip with a clear reason,
# and without a CJK font Chinese text renders as boxes (the tests still pass).
have_browser() {
  for b in chromium chromium-browser; do
    command -v "$b" >/dev/null 2>&1 && return 0
  done
  return 1
}
have_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]
}
PKGS=""
have_browser || PKGS="chromium"
have_cjk_font || PKGS="$PKGS fonts-noto-cjk"
[ -z "$PKGS" ] && exit 0
SUDO=""
if [ "$(id -u 2>/dev/null)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo -n"
fi
if command -v apt-get >/dev/null 2>&1; then
  echo "installing$PKGS (Debian packages) for the HTML page checks" >&2
  # shellcheck disable=SC2086  # PKGS is a word list on purpose
  if $SUDO apt-get update -qq >/dev/null 2>&1 &&
     DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
       $PKGS >/dev/null 2>&1; then
    exit 0
  fi
fi
have_browser || echo "warning: chromium not installed; the headless-browser checks will be skipped" >&2
have_cjk_font || echo "warning: no CJK font (fonts-noto-cjk); Chinese text in screenshots shows as boxes" >&2
exit 0
