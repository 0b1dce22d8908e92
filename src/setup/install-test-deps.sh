#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (Java 17 and Maven present),
# then prepares services the tests use. Idempotent: safe to run again.
#
# Each file in src/setup/needs.d/*.sh adds what one part of the project needs; they are run in
# name order after the Debian packages listed there (lines "# apt: pkg pkg ...") are installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-test-deps: must run as root or with sudo available" >&2; exit 2
  fi
else
  SUDO=""
fi

packages=()
for hook in "$here"/needs.d/*.sh; do
  [ -e "$hook" ] || continue
  while read -r line; do
    case "$line" in
      "# apt:"*) read -ra more <<< "${line#\# apt:}"; packages+=("${more[@]}") ;;
    esac
  done < "$hook"
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-test-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for hook in "$here"/needs.d/*.sh; do
  [ -e "$hook" ] || continue
  SUDO="$SUDO" bash "$hook"
done
echo "install-test-deps: ready"
