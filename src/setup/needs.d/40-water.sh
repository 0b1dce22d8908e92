# Water module: mbpoll (an independent Modbus master for the PLC interoperability test) and PostgreSQL for the historian's "larger sites" option, tested for real
# (water/src/test/.../PostgresHistorianTest reads WATER_PG_URL, default
#  jdbc:postgresql://127.0.0.1:5432/ccrhil_water?user=ccrhil&password=ccrhil).
# apt: postgresql mbpoll
set -euo pipefail

# PostgreSQL refuses to run as root: the Debian cluster tools start it as the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else ${SUDO:-sudo} -u postgres "$@"; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else ${SUDO:-sudo} "$@"; fi
}

ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$ver" ]; then
  echo "40-water: PostgreSQL binaries not found after install" >&2
  exit 1
fi
if ! pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1==v && $2=="main" {found=1} END {exit !found}'; then
  as_root pg_createcluster "$ver" main
fi
port="$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')"
if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {exit ($4=="online") ? 0 : 1}'; then
  as_root pg_ctlcluster "$ver" main start
fi
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$port"

psql_q() { as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -tAc "$1"; }
if [ "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname='ccrhil'")" != "1" ]; then
  psql_q "CREATE ROLE ccrhil LOGIN PASSWORD 'ccrhil'"
fi
if [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname='ccrhil_water'")" != "1" ]; then
  as_postgres createdb -p "$port" -O ccrhil ccrhil_water
fi
echo "40-water: PostgreSQL $ver on 127.0.0.1:$port, database ccrhil_water, role ccrhil"
if [ "$port" != "5432" ]; then
  echo "40-water: set WATER_PG_URL=jdbc:postgresql://127.0.0.1:$port/ccrhil_water?user=ccrhil&password=ccrhil" >&2
fi
