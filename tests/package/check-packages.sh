#!/usr/bin/env bash
# package_layout: what `cmake --install` and `cpack` produce from BUILD_DIR, checked file by
# file. Exits 1 with the first thing that is wrong.
set -euo pipefail
BUILD=$1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/roomcast-package.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "package_layout: $*" >&2; exit 1; }
has() { [[ -e $1 ]] || fail "missing: ${1#"$WORK"/}"; }
APP_ID=org.roomcast.Roomcast

# 1. Staged installs, one per component.
for component in app server; do
  cmake --install "$BUILD" --prefix "$WORK/$component/usr" --component "$component" >/dev/null
done
A=$WORK/app/usr S=$WORK/server/usr
has "$A/bin/roomcast"
has "$A/share/applications/$APP_ID.desktop"
has "$A/share/metainfo/$APP_ID.metainfo.xml"
has "$A/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 22 24 32 48 64 128 256; do
  png=$A/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png
  has "$png"
  file -b "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not ${size}x${size}"
done
has "$A/share/man/man1/roomcast.1.gz"
[[ ! -e $A/bin/roomcast-server ]] || fail "the app component carries the server"
has "$S/bin/roomcast-server"
has "$S/bin/roomcast-cli"
has "$S/lib/systemd/system/roomcast-server.service"
has "$S/share/roomcast/roomcast.env.example"
for page in roomcast-server roomcast-cli; do
  has "$S/share/man/man1/$page.1.gz"
done
[[ ! -e $S/bin/roomcast ]] || fail "the server component carries the app"

# 2. What desktops and software centres read must validate.
desktop-file-validate "$A/share/applications/$APP_ID.desktop" ||
  fail "desktop-file-validate failed"
appstreamcli validate --no-net "$A/share/metainfo/$APP_ID.metainfo.xml" >"$WORK/as.log" 2>&1 ||
  { cat "$WORK/as.log" >&2; fail "appstreamcli validate failed"; }
grep -q "^Icon=$APP_ID$" "$A/share/applications/$APP_ID.desktop" || fail "desktop entry icon"
grep -q "^Exec=roomcast$" "$A/share/applications/$APP_ID.desktop" || fail "desktop entry Exec"
version=$("$S/bin/roomcast-server" --version | awk '{ print $2 }')
grep -q "<release version=\"$version\"" "$A/share/metainfo/$APP_ID.metainfo.xml" ||
  fail "metainfo has no release $version"

# 3. Man pages: generated from --help, named, no build paths or warnings inside.
for page in "$A/share/man/man1/roomcast.1.gz" "$S/share/man/man1/roomcast-server.1.gz" \
            "$S/share/man/man1/roomcast-cli.1.gz"; do
  name=$(basename "$page" .1.gz)
  text=$(zcat "$page")
  grep -q "^\.TH ${name^^} \"1\"" <<<"$text" || fail "$name(1) has no .TH header"
  grep -qF -- '\-\-help' <<<"$text" || fail "$name(1) lists no options"
  ! grep -q -e "$BUILD" -e "QStandardPaths" <<<"$text" || fail "$name(1) leaks the build"
done
grep -qF -- '\-\-data\-dir' <(zcat "$S/share/man/man1/roomcast-server.1.gz") ||
  fail "roomcast-server(1) does not document --data-dir"

# 4. The unit runs the program from the PATH systemd searches, as the user postinst creates.
unit=$S/lib/systemd/system/roomcast-server.service
grep -q "^ExecStart=roomcast-server " "$unit" || fail "ExecStart is not prefix-independent"
grep -q "^User=roomcast$" "$unit" || fail "unit user"
grep -q "^StateDirectory=roomcast$" "$unit" || fail "unit state directory"

# 5. The Debian packages.
cpack --config "$BUILD/CPackConfig.cmake" -B "$WORK/deb" >"$WORK/cpack.log" 2>&1 ||
  { cat "$WORK/cpack.log" >&2; fail "cpack failed"; }
app_deb=$(ls "$WORK"/deb/roomcast_*.deb) server_deb=$(ls "$WORK"/deb/roomcast-server_*.deb)
field() { dpkg-deb -f "$1" "$2"; }
[[ $(field "$app_deb" Package) == roomcast ]] || fail "app package name"
[[ $(field "$server_deb" Package) == roomcast-server ]] || fail "server package name"
[[ $(field "$server_deb" Version) == "$version" ]] || fail "server package version"
for dep in libqt6core6 libqt6websockets6 libhiredis liburing2 libsqlite3-0 adduser; do
  field "$server_deb" Depends | grep -q "$dep" || fail "roomcast-server does not depend on $dep"
done
for dep in libqt6quick6 qml6-module-qtquick-controls qt6-qpa-plugins; do
  field "$app_deb" Depends | grep -q "$dep" || fail "roomcast does not depend on $dep"
done
dpkg-deb -c "$server_deb" | awk '{ print $6 }' >"$WORK/server.list"
dpkg-deb -c "$app_deb" | awk '{ print $6 }' >"$WORK/app.list"
for f in ./usr/bin/roomcast-server ./usr/bin/roomcast-cli \
         ./usr/lib/systemd/system/roomcast-server.service \
         ./usr/share/man/man1/roomcast-server.1.gz; do
  grep -qx "$f" "$WORK/server.list" || fail "roomcast-server lacks $f"
done
for f in ./usr/bin/roomcast "./usr/share/applications/$APP_ID.desktop" \
         "./usr/share/metainfo/$APP_ID.metainfo.xml" \
         "./usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
         "./usr/share/icons/hicolor/48x48/apps/$APP_ID.png"; do
  grep -qx "$f" "$WORK/app.list" || fail "roomcast lacks $f"
done
# The app names itself by the desktop entry's id (setDesktopFileName, the notifications'
# desktop-entry and icon, the tray's Id: QStringLiterals, so UTF-16 in the binary); the unit
# tests (tst_notifier, tst_tray) check what it sends. Not grep -q: strings would die of
# SIGPIPE, which pipefail reports.
dpkg-deb -x "$app_deb" "$WORK/approot"
strings -e l "$WORK/approot/usr/bin/roomcast" | grep -F "$APP_ID" >/dev/null ||
  fail "the packaged roomcast does not carry its desktop id $APP_ID"
dpkg-deb -e "$server_deb" "$WORK/control"
for script in postinst prerm postrm; do
  [[ -x $WORK/control/$script ]] || fail "roomcast-server has no executable $script"
  sh -n "$WORK/control/$script" || fail "$script is not valid sh"
done
grep -q "adduser --system --group" "$WORK/control/postinst" || fail "postinst creates no user"
# The unit as dh_installsystemd would handle it (not enabled by the package): deb-systemd-helper
# records its links so that purge removes an admin's `systemctl enable`; prerm stops it through
# deb-systemd-invoke; no other systemctl call than daemon-reload (lintian:
# maintainer-script-calls-systemctl).
unit_name=roomcast-server.service
grep -q "deb-systemd-helper update-state $unit_name" "$WORK/control/postinst" ||
  fail "postinst does not record the unit's links (deb-systemd-helper update-state)"
grep -q "deb-systemd-helper purge $unit_name" "$WORK/control/postrm" ||
  fail "postrm does not purge the unit's links (deb-systemd-helper purge)"
grep -q "deb-systemd-invoke stop $unit_name" "$WORK/control/prerm" ||
  fail "prerm does not stop the node with deb-systemd-invoke"
for script in postinst prerm postrm; do
  calls=$(grep -E '^[^#]*\bsystemctl\b' "$WORK/control/$script" |
          grep -vE 'systemctl (--system )?daemon-reload' || true)
  [[ -z $calls ]] || fail "$script calls systemctl for more than daemon-reload: $calls"
done
# Stripped, and the stripped programs still run.
dpkg-deb -x "$server_deb" "$WORK/root"
file -b "$WORK/root/usr/bin/roomcast-server" | grep -q "stripped" || fail "not stripped"
file -b "$WORK/root/usr/bin/roomcast-server" | grep -q "not stripped" && fail "not stripped"
[[ $("$WORK/root/usr/bin/roomcast-server" --version) == "roomcast-server $version" ]] ||
  fail "the packaged roomcast-server does not run"
echo "package_layout: $(basename "$app_deb") and $(basename "$server_deb") OK"
