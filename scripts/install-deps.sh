#!/usr/bin/env bash
# Installs the Debian 12 packages Roomcast needs to build, test and run its demo.
# Idempotent: only missing packages are installed; uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-declarative-dev
  qt6-httpserver-dev qt6-tools-dev qt6-qpa-plugins libqt6sql6-sqlite
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qttest qml6-module-qtquick-shapes qml6-module-qtqml qml6-module-qtqml-models
  nlohmann-json3-dev libsqlite3-dev libhiredis-dev liburing-dev redis-server redis-tools
  libsecret-1-dev gnome-keyring dbus-daemon
  clang libclang-rt-14-dev
  xvfb xauth
  nodejs util-linux
  librsvg2-bin help2man desktop-file-utils appstream dpkg-dev file qt6-l10n-tools
)
# The edge benchmark's Node ws peer (bench/peers) needs npm; a Node from elsewhere (e.g.
# NodeSource) brings its own npm, and Debian's npm package would conflict with it.
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
