#!/usr/bin/env bash
# check-debs-systemd.sh DEB_DIR: installs the two CPack packages (roomcast-server_*.deb,
# roomcast_*.deb from DEB_DIR) with apt on a fresh Debian 12 booted with systemd as PID 1,
# and checks the README's "Install: Debian packages" path: the user, the unit (left disabled
# by the package, then `systemctl enable --now`), /healthz, a publish that survives a restart,
# the app, an upgrade, remove and purge. One PASS/FAIL/WARN line per check; exits 1 if any
# check FAILs (STRICT=1: if any WARNs too). Needs root.
#
# The machine is a debootstrap'ed bookworm (minbase) booted by systemd-nspawn without
# machined (--register=no --keep-unit: works on hosts whose PID 1 is not systemd), sharing
# the host's network, so port 8765 must be free on the host. It is removed at the end.
# MIRROR overrides the Debian mirror (default: the one in /etc/apt/sources.list*);
# LINTIAN=0 skips lintian.
# shellcheck disable=SC2016 # the single-quoted snippets expand inside the machine
set -euo pipefail
debdir=$(realpath "${1:?usage: $0 DIR-WITH-THE-DEBS}")
server_deb=$(printf '%s\n' "$debdir"/roomcast-server_*.deb | tail -n1)
app_deb=$(printf '%s\n' "$debdir"/roomcast_*.deb | tail -n1)
[[ -f $server_deb && -f $app_deb ]] || { echo "no roomcast{,-server}_*.deb in $debdir" >&2; exit 2; }
start=$SECONDS
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }

apt_mirror() { # the first .../debian URI of the host's apt sources
  local f u
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    u=$(grep -hoE '^(deb( \[[^]]*\])?|URIs:)[[:space:]]+[a-z]+://[^[:space:]]+/debian/?([[:space:]]|$)' "$f" |
        grep -oE '[a-z]+://[^[:space:]]+' | head -n1) || true
    [ -n "$u" ] && { echo "${u%/}"; return; }
  done
  echo http://deb.debian.org/debian
}
mirror=${MIRROR:-$(apt_mirror)}

pass=0 fail=0 warn=0
report() { # STATUS NAME OUTPUT: one line, then the output's last lines indented
  printf '%-4s %s\n' "$1" "$2"
  [ -z "$3" ] || printf '%s\n' "$3" | tail -n "${TAIL:-4}" | cut -c1-160 | sed 's/^/     | /'
}
run_check() { # KIND NAME SNIPPET: runs SNIPPET with bash inside the machine
  local kind=$1 name=$2 out rc=0
  # not CMD: fails when CMD succeeds (unlike `! CMD`, which set -e never stops at)
  out=$(inside bash -c "set -euo pipefail; not() { ! \"\$@\"; }; $healthy $3" 2>&1) || rc=$?
  if [ "$rc" = 0 ]; then report PASS "$name" "$out"; pass=$((pass + 1))
  elif [ "$kind" = warn ] && [ "${STRICT:-0}" != 1 ]; then report WARN "$name (exit $rc)" "$out"; warn=$((warn + 1))
  else report FAIL "$name (exit $rc)" "$out"; fail=$((fail + 1)); fi
}
# healthy: waits (up to 15 s) until the node answers /healthz, instead of a fixed sleep
healthy='healthy() { for _ in $(seq 150); do curl -fsS -o /dev/null http://127.0.0.1:8765/healthz && return; sleep 0.1; done; return 1; };'
check() { run_check fail "$@"; }
info() { report INFO "$1" "$(inside bash -c "$2" 2>&1)"; }
advise() { run_check warn "$@"; } # a packaging defect worth fixing that does not break the path
inside() { # a command in the booted machine, with a clean environment
  nsenter -t "$leader" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# 1. The host side: tools, a fresh Debian 12, the packages in it.
if ! command -v debootstrap >/dev/null || ! command -v systemd-nspawn >/dev/null; then
  apt-get install -y -qq debootstrap systemd-container >/dev/null
fi
if ss -Hltn 'sport = :8765' | grep -q .; then
  echo "FAIL port 8765 is taken on this host (the machine shares the host's network)"; exit 1
fi
name=roomcast-deb12-$$
root=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
nspawn_pid='' leader=''
cleanup() {
  set +e
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid" # nspawn asks the machine's systemd to power off
    for _ in $(seq 150); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$nspawn_pid" 2>/dev/null && { kill -KILL "$leader"; sleep 1; kill -KILL "$nspawn_pid"; }
    wait "$nspawn_pid" 2>/dev/null
  fi
  if findmnt -rn -o TARGET | grep -q "^$root"; then echo "mounts left under $root, not removed" >&2
  else rm -rf --one-file-system "$root"; fi
  rm -rf "/run/systemd/nspawn/propagate/$name"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "== debootstrap bookworm from $mirror into $root"
nice -n 19 debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,curl,ca-certificates \
  bookworm "$root/rootfs" "$mirror" >"$root/debootstrap.log" 2>&1 ||
  { tail -n 20 "$root/debootstrap.log"; echo "FAIL debootstrap"; exit 1; }
# Not in /tmp: nspawn mounts a tmpfs over the machine's /tmp, which would hide them.
mkdir -p "$root/rootfs/var/tmp/debs"
cp "$server_deb" "$app_deb" "$root/rootfs/var/tmp/debs/"
echo "== booting it: systemd-nspawn -b --register=no --keep-unit"
systemd-nspawn -q -D "$root/rootfs" -M "$name" -b --register=no --keep-unit --console=pipe \
  </dev/null >"$root/nspawn.log" 2>&1 &
nspawn_pid=$!
for _ in $(seq 150); do # the machine's PID 1 is nspawn's child once it execs systemd
  leader=$(awk '{print $1}' "/proc/$nspawn_pid/task/$nspawn_pid/children" 2>/dev/null) || true
  [ -n "$leader" ] && [ "$(cat "/proc/$leader/comm" 2>/dev/null)" = systemd ] && break
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$root/nspawn.log"; echo "FAIL nspawn exited"; exit 1; }
  leader=''; sleep 0.2
done
[ -n "$leader" ] || { cat "$root/nspawn.log"; echo "FAIL no systemd in the machine"; exit 1; }

# 2. Inside: systemd, apt, the node.
check "systemd is PID 1 and the system is running" '
  echo "PID 1: $(cat /proc/1/comm), $(. /etc/os-release; echo "$PRETTY_NAME")"
  timeout 120 systemctl is-system-running --wait'
check "apt-get update" 'nice -n 19 apt-get update -q | tail -n1'
info "what roomcast-server alone would pull (a headless node)" '
  apt-get install -s /var/tmp/debs/roomcast-server_*.deb | grep -E "newly installed"'
check "apt-get install both .debs (dependencies from the archive)" '
  nice -n 19 apt-get install -y -q /var/tmp/debs/roomcast-server_*.deb /var/tmp/debs/roomcast_*.deb >/root/apt.log 2>&1 ||
    { tail -n 20 /root/apt.log; exit 1; }
  grep -E "newly installed|^Need to get|After this" /root/apt.log; not grep -E "^(E|W): " /root/apt.log'
check "postinst created the system user" 'id roomcast; getent passwd roomcast | grep -q ":/var/lib/roomcast:/usr/sbin/nologin$"'
check "unit file verifies" '
  unit=$(systemctl show -P FragmentPath roomcast-server); echo "$unit"; systemd-analyze verify "$unit"'
check "the package leaves the node disabled and stopped" '
  echo "$(systemctl is-enabled roomcast-server), $(systemctl is-active roomcast-server)"
  not systemctl is-enabled -q roomcast-server; not systemctl is-active -q roomcast-server'
check "systemctl enable --now roomcast-server (the README)" '
  systemctl enable --now roomcast-server 2>&1; healthy; systemctl is-active roomcast-server'
check "journal says it listens on :8765" '
  journalctl -u roomcast-server --no-pager | tail -n 4; journalctl -u roomcast-server | grep -q "listening on ws://0.0.0.0:8765"'
check "/var/lib/roomcast owned by roomcast, mode 0700" '
  ls -la /var/lib/roomcast; [ "$(stat -c "%U:%G %a" /var/lib/roomcast)" = "roomcast:roomcast 700" ]; test -s /var/lib/roomcast/secret'
check "GET /healthz" 'curl -fsS http://127.0.0.1:8765/healthz | tee /dev/stderr | grep -q "\"status\":\"ok\""'
check "roomcast-server token (as the roomcast user)" '
  runuser -u roomcast -- roomcast-server token --data-dir /var/lib/roomcast --user alice >/root/token
  echo "$(cut -c1-24 /root/token)..."; [ "$(tr -cd . </root/token | wc -c)" = 2 ]'
check "POST /api/rooms/alerts/messages answers 201" '
  code=$(curl -sS -o /root/pub.json -w "%{http_code}" -X POST http://127.0.0.1:8765/api/rooms/alerts/messages \
    -H "Authorization: Bearer $(cat /root/token)" -H "Content-Type: application/json" \
    -d "{\"kind\":\"notification\",\"body\":{\"title\":\"Deploy finished\",\"level\":\"success\"},\"client_msg_id\":\"deploy-1234\"}")
  echo "$code $(cat /root/pub.json)"; [ "$code" = 201 ]'
check "systemctl restart: the message is still in the history" '
  systemctl restart roomcast-server; healthy; systemctl is-active roomcast-server
  roomcast-cli --token "$(cat /root/token)" history alerts | tee /dev/stderr | grep -q "Deploy finished"
  curl -fsS -G http://127.0.0.1:8765/api/rooms/alerts/messages -H "Authorization: Bearer $(cat /root/token)" \
    --data-urlencode q=deploy | grep -q "\"seq\":1,"'
check "the app loads its QML and shows the room (offscreen screenshot)" '
  mkdir -p -m 0700 /run/user/0
  QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/run/user/0 timeout 60 roomcast --url ws://127.0.0.1:8765/ws \
    --token "$(cat /root/token)" --room alerts --screenshot /root/shot.png --screenshot-delay 1000 2>&1 |
    tail -n 3; test -s /root/shot.png'
check "systemctl stop" 'systemctl stop roomcast-server; not systemctl is-active roomcast-server'
check "roomcast --help / --help-all / --version without a display" '
  roomcast --help >/root/help.txt 2>&1 || { echo "exit $?: aborts without a display"; exit 1; }
  head -n 2 /root/help.txt; grep -q -- --screenshot /root/help.txt
  roomcast --help-all 2>/dev/null | grep -q -- --platform; roomcast --version'
check "roomcast-server --help, roomcast-cli --help, man pages" '
  roomcast-server --help | head -n 1; roomcast-cli --help | head -n 1
  for p in roomcast roomcast-server roomcast-cli; do zcat /usr/share/man/man1/$p.1.gz | grep -q "^\.TH"; done'
check "desktop-file-validate, appstreamcli validate --no-net" '
  nice -n 19 apt-get install -y -q --no-install-recommends desktop-file-utils appstream >/dev/null 2>&1
  desktop-file-validate /usr/share/applications/org.roomcast.Roomcast.desktop
  appstreamcli validate --no-net /usr/share/metainfo/org.roomcast.Roomcast.metainfo.xml'
if [ "${LINTIAN:-1}" = 1 ]; then
  advise "lintian: no errors or warnings" '
    nice -n 19 apt-get install -y -q --no-install-recommends lintian >/dev/null 2>&1
    out=$(lintian --tag-display-limit 0 /var/tmp/debs/*.deb 2>/dev/null || true); echo "$out"
    echo "$out" | not grep -qE "^(E|W): "'
fi
check "an upgrade (dpkg -i again) keeps the enablement and restarts the running node" '
  systemctl enable --now roomcast-server 2>/dev/null; healthy; before=$(systemctl show -P MainPID roomcast-server)
  dpkg -i /var/tmp/debs/roomcast-server_*.deb >/root/upgrade.log 2>&1 || { tail -n 20 /root/upgrade.log; exit 1; }
  healthy; systemctl is-enabled roomcast-server; systemctl is-active roomcast-server
  after=$(systemctl show -P MainPID roomcast-server); echo "MainPID $before -> $after"; [ "$before" != "$after" ]'
check "enabled and running, apt-get remove stops the node and keeps data and user" '
  systemctl enable --now roomcast-server 2>/dev/null; systemctl is-active -q roomcast-server
  nice -n 19 apt-get remove -y -q roomcast-server 2>&1 | grep -E "^(E|W): |Removing" || true
  not systemctl is-active roomcast-server; [ "$(dpkg-query -W -f="\${db:Status-Abbrev}" roomcast-server)" = "rc " ]
  id roomcast; ls /var/lib/roomcast'
check "apt-get purge removes data and user" '
  nice -n 19 apt-get purge -y -q roomcast-server 2>&1 | grep -E "^(E|W): |Purging" || true
  not id roomcast 2>/dev/null; not getent group roomcast; [ ! -e /var/lib/roomcast ]; echo "user, group and data gone"'
check "purge leaves no enablement symlink behind" '
  not ls -l /etc/systemd/system/*.wants/roomcast-server.service 2>/dev/null; echo "no symlink"'
check "apt-get purge roomcast (the app), no failed units" '
  nice -n 19 apt-get purge -y -q roomcast 2>&1 | grep -E "^(E|W): |Removing" || true
  not dpkg -s roomcast >/dev/null 2>&1; systemctl --failed --no-legend | grep . && exit 1; echo "no failed units"'

echo "== $pass passed, $fail failed, $warn warnings in $((SECONDS - start)) s"
[ "$fail" = 0 ]
