# Sourced by scripts/test: bring what the suite needs onto a bare Debian machine.
#
# As root with apt-get, missing system packages are installed and a PostgreSQL cluster of our
# own is created; otherwise each step says what it needs and the suite runs with what exists
# (CI=true then stops here, since missing services would fail the run anyway).
# Existing clusters are never reconfigured: ours is a separate cluster on a free port.

TEST_PG_CLUSTER=courseflow_test
TEST_PG_ROLE=courseflow_test
DEFAULT_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
APT_UPDATED=""

note() { echo "scripts/test: $*" >&2; }

can_apt() { [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  if [[ -z "$APT_UPDATED" ]]; then
    apt-get update -qq && APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ensure_commands COMMAND:PACKAGE... — install the Debian packages of the missing commands in
# one apt call (e.g. chromium:chromium chromedriver:chromium-driver). Returns 1 when any is
# still missing afterwards.
ensure_commands() {
  local pair missing=() packages=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || { missing+=("${pair%%:*}"); packages+=("${pair#*:}"); }
  done
  [[ ${#missing[@]} == 0 ]] && return 0
  if can_apt; then
    note "installing Debian packages: ${packages[*]}"
    apt_install "${packages[@]}" || note "apt-get install ${packages[*]} failed"
  else
    note "missing ${missing[*]}: run as root, or install the Debian packages: ${packages[*]}"
  fi
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || return 1; done
}

# ensure_libraries SONAME:PACKAGE... — the same for shared libraries a bundled binary needs
# (Playwright's node driver needs libatomic.so.1, which a minimal Debian lacks).
ensure_libraries() {
  local pair missing=()
  for pair in "$@"; do
    ldconfig -p 2>/dev/null | grep -q "${pair%%:*}" || missing+=("${pair#*:}")
  done
  [[ ${#missing[@]} == 0 ]] && return 0
  if can_apt; then
    note "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}" || { note "apt-get install ${missing[*]} failed"; return 1; }
  else
    note "missing libraries: run as root, or install the Debian packages: ${missing[*]}"
    return 1
  fi
}

# Succeeds when the URL's server answers and its role may create databases.
pg_url_usable() {
  .venv/bin/python - "$1" <<'PY' 2>/dev/null
import sys
import psycopg
from sqlalchemy.engine import make_url

url = make_url(sys.argv[1])
args = {"host": url.host, "port": url.port or 5432, "user": url.username,
        "password": url.password, "dbname": url.database, "connect_timeout": 3}
with psycopg.connect(**{k: v for k, v in args.items() if v is not None}) as conn:
    row = conn.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
sys.exit(0 if row and row[0] else 1)
PY
}

free_port() {  # first port from $1 upwards that nothing listens on
  .venv/bin/python - "$1" <<'PY'
import socket, sys
for port in range(int(sys.argv[1]), int(sys.argv[1]) + 200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    sys.exit("no free port for the test cluster")
PY
}

# Debian's postgresql-common would create and start a 'main' cluster on 5432 at install time;
# on a machine without PostgreSQL we only want our own, so tell it not to (before installing).
install_postgres() {
  if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/courseflow.conf
  fi
  note "installing PostgreSQL with apt"
  apt_install postgresql
}

# Our own cluster: trust on loopback only (listen_addresses stays 'localhost'; it holds nothing but
# throwaway test databases), durability off because every database is dropped after the run.
create_test_cluster() {
  local version="$1" port
  port="$(free_port 55432)" || return 1
  note "creating PostgreSQL cluster $version/$TEST_PG_CLUSTER on 127.0.0.1:$port"
  pg_createcluster "$version" "$TEST_PG_CLUSTER" --port "$port" \
    -o fsync=off -o synchronous_commit=off \
    -o full_page_writes=off -- --auth-local=peer --auth-host=trust >/dev/null
}

# Called where `set -e` does not apply (inside `if`/`&&`), hence the explicit returns.
start_test_cluster() {
  local version="$1" port
  port="$(pg_conftool -s "$version" "$TEST_PG_CLUSTER" show port)" || return 1
  if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
    pg_ctlcluster --skip-systemctl-redirect "$version" "$TEST_PG_CLUSTER" start >&2 || return 1
  fi
  (cd / && runuser -u postgres -- psql -q -p "$port" -d postgres -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE $TEST_PG_ROLE LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_PG_ROLE') \gexec
SELECT 'CREATE DATABASE $TEST_PG_ROLE OWNER $TEST_PG_ROLE'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$TEST_PG_ROLE') \gexec
SQL
  ) || return 1
  echo "postgresql+psycopg://$TEST_PG_ROLE@127.0.0.1:$port/$TEST_PG_ROLE"
}

own_test_cluster() {
  local version
  command -v pg_createcluster >/dev/null 2>&1 || install_postgres || return 1
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)" || return 1
  if [[ -d "/etc/postgresql/$version/$TEST_PG_CLUSTER" ]] && start_test_cluster "$version"; then
    return 0
  fi
  # Missing, or left broken by an interrupted run: it only ever held throwaway databases.
  pg_dropcluster --stop "$version" "$TEST_PG_CLUSTER" 2>/dev/null || true
  create_test_cluster "$version" && start_test_cluster "$version"
}

# Exports COURSEFLOW_TEST_DATABASE_URL: as set by the caller; else the default server when it
# answers and lets us create databases (unless COURSEFLOW_TEST_OWN_POSTGRES=1); else our own
# cluster (root on Debian). Returns 1 when there is no usable server.
prepare_postgres() {
  local url
  if [[ -n "${COURSEFLOW_TEST_DATABASE_URL:-}" ]]; then
    note "PostgreSQL: COURSEFLOW_TEST_DATABASE_URL as given"
    return 0
  fi
  if [[ -z "${COURSEFLOW_TEST_OWN_POSTGRES:-}" ]] && pg_url_usable "$DEFAULT_TEST_PG_URL"; then
    export COURSEFLOW_TEST_DATABASE_URL="$DEFAULT_TEST_PG_URL"
    return 0
  fi
  if can_apt && url="$(own_test_cluster)" && pg_url_usable "$url"; then
    export COURSEFLOW_TEST_DATABASE_URL="$url"
    note "PostgreSQL: own cluster at $url"
    return 0
  fi
  note "no PostgreSQL to test with: nothing at $DEFAULT_TEST_PG_URL lets us create databases."
  note "Set COURSEFLOW_TEST_DATABASE_URL=postgresql+psycopg://USER[:PASSWORD]@HOST:PORT/DB (a role"
  note "with CREATEDB), or run scripts/test as root on Debian/Ubuntu: it then installs PostgreSQL"
  note "with apt and creates its own cluster '$TEST_PG_CLUSTER' on a free port."
  return 1
}
