#!/usr/bin/env bash
# Runs a command inside a throwaway D-Bus session with an unlocked gnome-keyring (a real Secret Service).
# Nothing lands in $HOME; the daemon ends with the session. See shared reference/toolchain.md.
set -uo pipefail
KR=$(mktemp -d)
trap 'rm -rf "$KR"' EXIT
mkdir -p "$KR/data" "$KR/run" "$KR/cache"
chmod 700 "$KR/run"
export XDG_DATA_HOME="$KR/data" XDG_RUNTIME_DIR="$KR/run" XDG_CACHE_HOME="$KR/cache"
dbus-run-session -- sh -c 'printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
