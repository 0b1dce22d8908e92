# Third-party Modbus peers for the interoperability tests of io.github.ccrhil.hil.link:
# socat (pty pairs = a virtual null-modem cable), mbpoll (CLI master), Debian's pymodbus
# (run with /usr/bin/python3), libmodbus (C library; its peers are built from src/peers/*.c).
# apt: socat mbpoll python3-pymodbus python3-serial python3-serial-asyncio libmodbus-dev pkg-config gcc
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
peers="$(cd "$here/../../peers" && pwd)"
# Build the libmodbus C peers once into a known folder; the tests rebuild them into target/
# when this folder is missing or older than the sources.
out="${CCRHIL_PEERS_BIN:-/usr/local/lib/ccr-hil/peers}"
$SUDO mkdir -p "$out"
for c in "$peers"/*.c; do
  [ -e "$c" ] || continue
  name="$(basename "$c" .c)"
  $SUDO gcc -O2 -Wall -o "$out/$name" "$c" $(pkg-config --cflags --libs libmodbus)
done
/usr/bin/python3 -c 'import pymodbus.client' || { echo "30-modbus-peers: Debian python3 lacks pymodbus" >&2; exit 1; }
command -v socat >/dev/null && command -v mbpoll >/dev/null
