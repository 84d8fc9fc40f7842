#!/usr/bin/env bash
# Installs the Debian packages a real VS Code host needs here, when missing:
#   libkrb5-dev  headers for code-server's native `kerberos` module, built on first install
#   ripgrep      stands in for the rg binary @vscode/ripgrep would download from GitHub
#   python3 make g++  node-gyp's toolchain for those native modules (usually present)
#   chromium     (tests only) the browser the workbench runs in, driven by playwright-core
# Used by .ci/run and by `npm start` / `npm test` (prestart, pretest), so the
# README's two commands work on a fresh machine. Usage: system-packages.sh start|test
set -euo pipefail
mode="${1:-test}"

# Each package with the file that shows it is there (python3, make and g++ may
# come from elsewhere, e.g. pyenv, so they are looked up on the PATH).
missing=()
need() { # need <package> <probe>
  if ! [ -e "$2" ] && ! command -v "$2" >/dev/null 2>&1; then missing+=("$1"); fi
}
need libkrb5-dev /usr/include/gssapi/gssapi.h
need ripgrep /usr/bin/rg
need python3 python3
need make make
need g++ g++
if [ "$mode" = test ]; then need chromium /usr/bin/chromium; fi

((${#missing[@]} == 0)) && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Lyrics Studio needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${missing[@]}"
