#!/usr/bin/env bash
# Cairn's benchmarks: builds what it needs, starts Cairn as users run it (the packaged jar, over HTTP on loopback),
# runs every scenario against the same PostgreSQL server as the baselines (a psql floor and open-source Flyway),
# and writes bench/results.md. See bench/README.md.
#
#   bench/run.sh [--quick] [--only S1,S2,...] [--jfr] [--no-build]
#
#   --quick     smaller counts and fewer repetitions, for development (writes bench/results-quick.md)
#   --only      run only these scenarios (S1..S8)
#   --jfr       record a JFR profile of the Cairn process used by S1-S5 into bench/work/cairn.jfr
#   --no-build  reuse target/quarkus-app and bench/target as they are
#   BENCH_JVM_OPTS  extra JVM options for the Cairn process of S1-S5, e.g. -Dcairn.pool.max-size=64
#   BENCH_HISTORY   a real project's migrations folder in a layout Cairn imports (S7, and S8's history rows)
#   BENCH_LATENCY_MS  the delay each way of S8's proxy (default 1)
#
# Needs: java 17, psql, curl, jq, wrk (apt-get install -y wrk), a PostgreSQL server on 127.0.0.1:5432 where user
# postgres may log in without a password (PGSERVER=host:port to use another). Creates databases named
# cairnbench_<pid>_* and drops them again, on failure too; S4 and S5 run on a throwaway cluster (see README).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
COMMAND="bench/run.sh${*:+ $*}"

MODE=full ONLY="S1,S2,S3,S4,S5,S6,S7,S8" JFR=0 BUILD=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) MODE=quick ;;
    --only) ONLY=$2; shift ;;
    --jfr) JFR=1 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
selected() { [[ ",$ONLY," == *",$1,"* ]]; }

if [ "$MODE" = full ]; then
  S1_N=1000 S1_RUNS=7
  S2_BIG=10000 S2_SMALL=10 S2_STEPS=7
  S3_N=304 S3_RUNS=7
  S4_REPOS=100 S4_MIGRATIONS=20 S4_CONNECTIONS=64 S4_SECONDS=20 S4_RUNS=3 S4_WARMUP=20
  S5_REPOS=1000 S5_MIGRATIONS=20 S5_CONCURRENCY=8 S5_RUNS=3
  S6_RUNS=5
  S7_RUNS=5 S7_RESTARTS=3
  S8_RUNS=5 S8_S1_N=1000 S8_S3_N=304
  OUT_MD="$BENCH_DIR/results.md"
else
  S1_N=200 S1_RUNS=2
  S2_BIG=2000 S2_SMALL=10 S2_STEPS=3
  S3_N=80 S3_RUNS=2
  S4_REPOS=100 S4_MIGRATIONS=5 S4_CONNECTIONS=64 S4_SECONDS=5 S4_RUNS=2 S4_WARMUP=2
  S5_REPOS=100 S5_MIGRATIONS=10 S5_CONCURRENCY=8 S5_RUNS=1
  S6_RUNS=2
  S7_RUNS=2 S7_RESTARTS=1
  S8_RUNS=1 S8_S1_N=200 S8_S3_N=80
  OUT_MD="$BENCH_DIR/results-quick.md"
fi
# A stock server's limit: Cairn's connections to one database are capped by cairn.pool.max-size (10), so S4 and
# S5 fit however many repos they register.
FLEET_MAX_CONNECTIONS=100
PGSERVER=${PGSERVER:-127.0.0.1:5432}
READY_PATH=/q/health/ready

WORK=$(mktemp -d /tmp/cairn-bench.XXXXXX)
chmod 755 "$WORK"
RESULTS_TSV="$WORK/results.tsv"
STORE="$WORK/store"
DB_TAG="cairnbench_$$"
CAIRN_PID= FLY_PID= SAMPLER_PID= WRK_PID= FLEET_BIN= PROXY_PID=
LATENCY_MS=${BENCH_LATENCY_MS:-1}
HISTORY_LEDGER=cairn_migrations
: >"$WORK/databases"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null
  sampler_stop
  flyway_close
  proxy_stop
  cairn_stop
  while read -r server db; do
    [ "$server" = "$PGSERVER" ] && db_drop "$server" "$db" 2>/dev/null
  done <"$WORK/databases"
  fleet_stop
  if [ "$rc" != 0 ]; then
    mkdir -p "$BENCH_DIR/work/last-failure"
    cp "$WORK"/*.log "$BENCH_DIR/work/last-failure/" 2>/dev/null
    echo "bench failed (exit $rc); logs kept in bench/work/last-failure/" >&2
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

START_NS=$(now_ns)
log "mode $MODE, scenarios $ONLY, work folder $WORK"

# ------------------------------------------------------------------------------------------------ prerequisites
for tool in java psql curl jq awk ss; do command -v "$tool" >/dev/null || die "$tool is required"; done
if selected S4 && ! command -v wrk >/dev/null; then die "wrk is required for S4: apt-get update && apt-get install -y wrk"; fi
psql_on "$PGSERVER" -d postgres -Atc 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL at $PGSERVER as postgres"
PG_VERSION=$(psql_on "$PGSERVER" -d postgres -Atc 'SHOW server_version')
PG_MAJOR=${PG_VERSION%%.*}

if [ "$BUILD" = 1 ]; then
  log "building Cairn (./mvnw -q -B -o package -DskipTests)"
  (cd "$ROOT" && ./mvnw -q -B -o package -DskipTests) >"$WORK/build.log" 2>&1 || die "Cairn build; $(tail -20 "$WORK/build.log")"
fi
# --no-build skips Cairn's build only: the helpers are built whenever they are missing (a fresh clone).
if [ "$BUILD" = 1 ] || [ ! -d "$BENCH_DIR/target/lib" ]; then
  log "building the bench helpers (bench/pom.xml; resolves Flyway from Maven Central)"
  (cd "$BENCH_DIR" && "$ROOT/mvnw" -q -B ${FLYWAY_VERSION:+-Dflyway.version=$FLYWAY_VERSION} package) \
    >>"$WORK/build.log" 2>&1 || die "bench helpers build; $(tail -20 "$WORK/build.log")"
fi
[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || die "no target/quarkus-app; run without --no-build"
BENCH_CP="$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*"
FLYWAY_JAR=$(ls "$BENCH_DIR"/target/lib/flyway-core-*.jar 2>/dev/null | head -1)
FLYWAY_VER=$(basename "${FLYWAY_JAR:-flyway-core-unknown.jar}" .jar); FLYWAY_VER=${FLYWAY_VER#flyway-core-}

# ------------------------------------------------------------------------------------------------ machine
rec meta "Command" "\`$COMMAND\` (mode: $MODE)"
rec meta "Date (UTC)" "$(date -u '+%Y-%m-%d %H:%M')"
rec meta "CPU" "$(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
rec meta "Memory" "$(free -g | awk '/^Mem:/ { print $2 }') GiB"
rec meta "Load average at start" "$(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; see README)"
rec meta "PostgreSQL" "$PG_VERSION at $PGSERVER (fsync $(psql_on "$PGSERVER" -d postgres -Atc 'SHOW fsync'), synchronous_commit $(psql_on "$PGSERVER" -d postgres -Atc 'SHOW synchronous_commit'), max_connections $(psql_on "$PGSERVER" -d postgres -Atc 'SHOW max_connections'))"
rec meta "Java" "$(java -version 2>&1 | head -2 | tail -1)"
rec meta "Cairn" "$(git -C "$ROOT" rev-parse --short HEAD) (service code as of $(git -C "$ROOT" log -1 --format=%h -- src pom.xml))$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)'), packaged jar, JVM defaults"
rec meta "Flyway" "$FLYWAY_VER"
rec meta "psql" "$(psql --version | awk '{ print $3 }')"
if selected S4; then rec meta "wrk" "$(wrk --version 2>&1 | head -1 | awk '{ print $2 }')"; fi
if [ "$MODE" = quick ]; then
  rec meta mode_note "**Quick mode**: small counts and few repetitions; the figures only show that everything works."
else
  rec meta mode_note "Full run."
fi

mkdir -p "$WORK/gen" "$STORE"

# ------------------------------------------------------------------------------------------------ Cairn
JVM_OPTS=(${BENCH_JVM_OPTS:-})
if [ "$JFR" = 1 ]; then
  mkdir -p "$BENCH_DIR/work"
  JVM_OPTS+=("-XX:StartFlightRecording=filename=$BENCH_DIR/work/cairn.jfr,settings=profile,jdk.ExecutionSample#period=2ms,dumponexit=true")
fi
if selected S7 && [ -z "${BENCH_HISTORY:-}" ]; then
  log "S7 needs BENCH_HISTORY=<a migrations folder>; leaving it out"
  ONLY=${ONLY//S7/}
fi
[ -z "${BENCH_HISTORY:-}" ] || [ -d "$BENCH_HISTORY" ] || die "BENCH_HISTORY=$BENCH_HISTORY is not a folder"
if selected S1 || selected S2 || selected S3 || selected S4 || selected S5 || selected S7 || selected S8; then
  cairn_start "$STORE" "$WORK/cairn.log" "${JVM_OPTS[@]}"
  log "Cairn ready in $CAIRN_READY_MS ms at $CAIRN (pid $CAIRN_PID)"
fi

# ================================================================================================ S1
s1() {
  local n=$S1_N dir="$WORK/gen/small" r db id ms up down
  gen small "$n" "$dir"
  scenario S1 "$(fmt_n "$n") small migrations" "Each migration creates a table with an index; each down script drops them. Into an empty database: migrate all, then roll back all. Cairn over HTTP (time until the response arrives), the psql floor as one session with one transaction per migration plus its ledger row, Flyway's migrate() in-process. Every run gets a new database; contenders alternate within each repetition."
  local -a c_up=() c_down=() c_atomic=() f_up=() f_down=() y_up=()
  flyway_open
  # Run 0 is the first after the JVMs started: reported apart as the cold run; then the warm repetitions.
  for r in $(seq 0 "$S1_RUNS"); do
    log "S1 run $r/$S1_RUNS"
    db=$(db_new "$PGSERVER" "s1c$r"); id="s1c$r"
    register "$id" "$PGSERVER" "$db" "" "$dir/cairn"
    up=$(run_cairn "$id" migrate '{}' "$n")
    down=$(run_cairn "$id" rollback '{"all":true}' "$n")
    unregister "$id"; db_drop "$PGSERVER" "$db"
    if [ "$r" = 0 ]; then value S1 "first migrate all after start (cold JVM, nothing registered at start)" cairn s "$(ms_to_s "$up")"
    else
      c_up+=("$(ms_to_s "$up")"); c_down+=("$(ms_to_s "$down")")
      db=$(db_new "$PGSERVER" "s1a$r"); id="s1a$r"
      register "$id" "$PGSERVER" "$db" "" "$dir/cairn"
      c_atomic+=("$(ms_to_s "$(run_cairn "$id" migrate '{"atomic":true}' "$n")")")
      unregister "$id"; db_drop "$PGSERVER" "$db"
    fi

    db=$(db_new "$PGSERVER" "s1y$r")
    ms=$(flyway_job "migrate|$dir/flyway|$(jdbc_url "$PGSERVER" "$db")|latest" "$n")
    db_drop "$PGSERVER" "$db"
    if [ "$r" = 0 ]; then value S1 "first migrate all after start (cold JVM, nothing registered at start)" flyway s "$(ms_to_s "$ms")"
    else y_up+=("$(ms_to_s "$ms")"); fi

    [ "$r" = 0 ] && continue
    db=$(db_new "$PGSERVER" "s1f$r")
    up=$(psql_timed "$PGSERVER" "$db" "$dir/floor-up.sql")
    down=$(psql_timed "$PGSERVER" "$db" "$dir/floor-down.sql")
    db_drop "$PGSERVER" "$db"
    f_up+=("$(ms_to_s "$up")"); f_down+=("$(ms_to_s "$down")")
  done
  value S1 "migrate all" cairn s "${c_up[*]}"
  value S1 "migrate all" floor s "${f_up[*]}"
  value S1 "migrate all" flyway s "${y_up[*]}"
  value S1 "migrate all, atomic (one transaction)" cairn s "${c_atomic[*]}"
  value S1 "migrate all, atomic (one transaction)" floor s "${f_up[*]}"
  value S1 "rollback all" cairn s "${c_down[*]}"
  value S1 "rollback all" floor s "${f_down[*]}"
  rec na S1 "rollback all" flyway "n/a (no undo in open-source Flyway)"
  rec target S1 "migrate all ≤ 1.00× the floor" "migrate all" cairn "migrate all" floor "<=" 1.0
  rec target S1 "migrate all, atomic ≤ 1.00× the floor" "migrate all, atomic (one transaction)" cairn "migrate all" floor "<=" 1.0
  rec target S1 "rollback all ≤ 1.00× the floor" "rollback all" cairn "rollback all" floor "<=" 1.0
  rec target S1 "migrate all faster than Flyway" "migrate all" cairn "migrate all" flyway "<" 1
  note S1 "The psql floor is a cold process each time, but has no JIT to warm up. The cold row shows the first run after the JVM started (Cairn right after start-up, with no repo registered yet, so its warm-up had nothing to read; Flyway's driver JVM fresh); S7 measures the first run after a restart, the deploy case. The atomic row runs on a database of its own in each repetition and is set against the same floor figures (psql has no all-or-nothing mode)."
  if [ -n "${CAIRN_PID:-}" ]; then RSS_AFTER_S1=$(rss_mb "$CAIRN_PID"); fi
}

# A short warm-up of both JVMs when S1 (whose first run is the warm-up) is not selected.
warmup() {
  local dir="$WORK/gen/warmup" db
  gen small 100 "$dir"
  flyway_open
  db=$(db_new "$PGSERVER" warmc); register warmc "$PGSERVER" "$db" "" "$dir/cairn"
  run_cairn warmc migrate '{}' 100 >/dev/null; run_cairn warmc rollback '{"all":true}' 100 >/dev/null
  unregister warmc; db_drop "$PGSERVER" "$db"
  db=$(db_new "$PGSERVER" warmy)
  flyway_job "migrate|$dir/flyway|$(jdbc_url "$PGSERVER" "$db")|latest" 100 >/dev/null
  db_drop "$PGSERVER" "$db"
}

# ================================================================================================ S2
s2() {
  local steps=$S2_STEPS h dir db id v ms label
  local -a medians=()
  scenario S2 "History growth" "Time to apply one more migration when $S2_SMALL, then $(fmt_n "$S2_BIG") are already applied (ledger and scripts alike). The applied history is put in place directly (the scripts' effects and each tool's ledger rows, Flyway's with the checksums Flyway computes), then each contender applies the next $steps migrations one run at a time. Each migration inserts one row, so the time is mostly the tool's own bookkeeping."
  flyway_open
  for h in "$S2_SMALL" "$S2_BIG"; do
    dir="$WORK/gen/rows$h"
    gen rows $((h + steps)) "$dir" "$h"
    label="one more, $(fmt_n "$h") applied"
    log "S2 history $h"
    local cdb ydb fdb
    cdb=$(db_new "$PGSERVER" "s2c$h"); ydb=$(db_new "$PGSERVER" "s2y$h"); fdb=$(db_new "$PGSERVER" "s2f$h")
    psql_on "$PGSERVER" -d "$cdb" -f "$dir/seed-data.sql" -f "$dir/seed-ledger.sql" >/dev/null
    psql_on "$PGSERVER" -d "$fdb" -f "$dir/seed-data.sql" -f "$dir/seed-ledger.sql" >/dev/null
    psql_on "$PGSERVER" -d "$ydb" -f "$dir/seed-data.sql" >/dev/null
    flyway_job "seed|$dir/flyway|$(jdbc_url "$PGSERVER" "$ydb")|$h" $((h - 1)) >/dev/null
    id="s2c$h"
    register "$id" "$PGSERVER" "$cdb" "" "$dir/cairn"
    local pending
    pending=$(api GET "/repos/$id/status" >/dev/null; jq '.pending' "$WORK/last.json")
    [ "$pending" = "$steps" ] || die "S2: Cairn sees $pending pending after seeding, expected $steps"
    local -a c=() y=() f=()
    for v in $(seq $((h + 1)) $((h + steps))); do
      c+=("$(run_cairn "$id" migrate '{"step":1}' 1)")
      y+=("$(flyway_job "migrate|$dir/flyway|$(jdbc_url "$PGSERVER" "$ydb")|$v" 1)")
      f+=("$(psql_timed "$PGSERVER" "$fdb" "$dir/floor-step-$v.sql")")
    done
    value S2 "$label" cairn ms "${c[*]}"
    value S2 "$label" floor ms "${f[*]}"
    value S2 "$label" flyway ms "${y[*]}"
    medians+=("$(printf '%s\n' "${c[@]}" | median) $(printf '%s\n' "${f[@]}" | median) $(printf '%s\n' "${y[@]}" | median)")
    unregister "$id"
    db_drop "$PGSERVER" "$cdb"; db_drop "$PGSERVER" "$ydb"; db_drop "$PGSERVER" "$fdb"
  done
  local big="one more, $(fmt_n "$S2_BIG") applied" small="one more, $(fmt_n "$S2_SMALL") applied"
  # The time the history adds, in ms: the floor reads no history, so what it gains is the server's own.
  local -a at_small at_big
  read -r -a at_small <<<"${medians[0]}"; read -r -a at_big <<<"${medians[1]}"
  local who k=0 added="added by the history: median at $(fmt_n "$S2_BIG") − median at $S2_SMALL"
  for who in cairn floor flyway; do
    value S2 "$added" "$who" ms "$(awk -v a="${at_big[$k]}" -v b="${at_small[$k]}" 'BEGIN { printf "%.1f", a - b }')"
    k=$((k + 1))
  done
  rec ratio S2 "growth: $(fmt_n "$S2_BIG") ÷ $S2_SMALL applied" "$big" "$small"
  rec target S2 "flat: one more at $(fmt_n "$S2_BIG") applied within 1.5× one more at $S2_SMALL" "$big" cairn "$small" cairn "<=" 1.5
  note S2 "The floor's one step is a fresh psql process (start-up and login, a few ms, included); it reads no history, so its row shows the noise level: the time it adds is noise plus what the longer ledger and data table cost the server itself, which every contender pays too."
}

# ================================================================================================ S3
s3() {
  local n=$S3_N dir="$WORK/gen/realworld" r db id ms up down
  gen realworld "$n" "$dir"
  scenario S3 "Real-world shape ($n migrations)" "Generated application-style history in modules of eight: enum types, tables with foreign keys, PL/pgSQL functions with \$\$ and tagged dollar-quoted bodies (\$fn\$, \$audit\$, \$body\$), triggers, DO blocks, views with comments, seed data, column changes with backfills, procedures; semicolons inside bodies, strings and comments. Migrate all, then roll back all, as in S1."
  local -a c_up=() c_down=() c_atomic=() f_up=() f_down=() y_up=()
  flyway_open
  for r in $(seq 1 "$S3_RUNS"); do
    log "S3 run $r/$S3_RUNS"
    db=$(db_new "$PGSERVER" "s3c$r"); id="s3c$r"
    register "$id" "$PGSERVER" "$db" "" "$dir/cairn"
    c_up+=("$(ms_to_s "$(run_cairn "$id" migrate '{}' "$n")")")
    c_down+=("$(ms_to_s "$(run_cairn "$id" rollback '{"all":true}' "$n")")")
    unregister "$id"; db_drop "$PGSERVER" "$db"
    db=$(db_new "$PGSERVER" "s3a$r"); id="s3a$r"
    register "$id" "$PGSERVER" "$db" "" "$dir/cairn"
    c_atomic+=("$(ms_to_s "$(run_cairn "$id" migrate '{"atomic":true}' "$n")")")
    unregister "$id"; db_drop "$PGSERVER" "$db"

    db=$(db_new "$PGSERVER" "s3y$r")
    y_up+=("$(ms_to_s "$(flyway_job "migrate|$dir/flyway|$(jdbc_url "$PGSERVER" "$db")|latest" "$n")")")
    db_drop "$PGSERVER" "$db"

    db=$(db_new "$PGSERVER" "s3f$r")
    f_up+=("$(ms_to_s "$(psql_timed "$PGSERVER" "$db" "$dir/floor-up.sql")")")
    f_down+=("$(ms_to_s "$(psql_timed "$PGSERVER" "$db" "$dir/floor-down.sql")")")
    db_drop "$PGSERVER" "$db"
  done
  value S3 "migrate all" cairn s "${c_up[*]}"
  value S3 "migrate all" floor s "${f_up[*]}"
  value S3 "migrate all" flyway s "${y_up[*]}"
  value S3 "migrate all, atomic (one transaction)" cairn s "${c_atomic[*]}"
  value S3 "migrate all, atomic (one transaction)" floor s "${f_up[*]}"
  value S3 "rollback all" cairn s "${c_down[*]}"
  value S3 "rollback all" floor s "${f_down[*]}"
  rec na S3 "rollback all" flyway "n/a (no undo in open-source Flyway)"
  rec target S3 "migrate all ≤ 1.00× the floor" "migrate all" cairn "migrate all" floor "<=" 1.0
  rec target S3 "migrate all, atomic ≤ 1.00× the floor" "migrate all, atomic (one transaction)" cairn "migrate all" floor "<=" 1.0
  rec target S3 "rollback all ≤ 1.00× the floor" "rollback all" cairn "rollback all" floor "<=" 1.0
}

# ================================================================================================ S7, S8
# paired ID METRIC SERVER TAG SCRIPTS FLOOR_FILE FLYWAY_KIND FLYWAY_DIR COUNT RUNS EXTRA_JSON LEDGER
# Each repetition, each on a new database and all through SERVER (the server itself or the latency proxy): Cairn's
# migrate all, Cairn's migrate all with atomic, the psql floor, Flyway. Records METRIC and "METRIC, atomic" (the
# atomic row set against the same floor figures). Checks that Cairn and the floor leave COUNT ledger rows.
paired() {
  local id=$1 metric=$2 server=$3 tag=$4 scripts=$5 floor=$6 fkind=$7 fdir=$8 n=$9 runs=${10} extra=${11} ledger=${12}
  local r db repo rows out refused=
  local -a c=() a=() f=() y=()
  rm -f "$WORK/flyway-failed"
  for r in $(seq 1 "$runs"); do
    log "$id $metric, run $r/$runs"
    db=$(db_new "$PGSERVER" "${tag}c$r"); repo="${tag}c$r"
    register "$repo" "$server" "$db" "" "$scripts" "$extra"
    c+=("$(ms_to_s "$(run_cairn "$repo" migrate '{}' "$n")")")
    rows=$(psql_on "$PGSERVER" -d "$db" -Atc "SELECT count(*) FROM $ledger")
    [ "$rows" = "$n" ] || die "$id: Cairn left $rows ledger rows, expected $n"
    unregister "$repo"; db_drop "$PGSERVER" "$db"
    if [ -z "$refused" ]; then
      db=$(db_new "$PGSERVER" "${tag}a$r"); repo="${tag}a$r"
      register "$repo" "$server" "$db" "" "$scripts" "$extra"
      out=$(api POST "/repos/$repo/migrate" '{"atomic":true}')
      if [ "${out%% *}" = 409 ] && [ "$(jq -r .type "$WORK/last.json")" = urn:cairn:problem:atomic-not-transactional ]; then
        refused="refused as it should be (409): $(jq -r '"\(.version)_\(.name)"' "$WORK/last.json") runs outside a transaction"
      else
        a+=("$(ms_to_s "$(run_cairn "$repo" migrate '{"atomic":true}' "$n" "$out")")")
      fi
      unregister "$repo"; db_drop "$PGSERVER" "$db"
    fi
    db=$(db_new "$PGSERVER" "${tag}f$r")
    f+=("$(ms_to_s "$(psql_timed "$server" "$db" "$floor")")")
    rows=$(psql_on "$PGSERVER" -d "$db" -Atc "SELECT count(*) FROM $ledger")
    [ "$rows" = "$n" ] || die "$id: the floor left $rows ledger rows, expected $n"
    db_drop "$PGSERVER" "$db"
    db=$(db_new "$PGSERVER" "${tag}y$r")
    flyway_try "$fkind|$fdir|$(jdbc_url "$server" "$db")|latest" "$n"
    [ -n "$FLY_MS" ] && y+=("$(ms_to_s "$FLY_MS")")
    db_drop "$PGSERVER" "$db"
  done
  value "$id" "$metric" cairn s "${c[*]}"
  value "$id" "$metric" floor s "${f[*]}"
  if [ "${#y[@]}" = "$runs" ]; then value "$id" "$metric" flyway s "${y[*]}"
  else rec na "$id" "$metric" flyway "failed: $(tr -d '\t|' <"$WORK/flyway-failed" | head -c 160)"; fi
  if [ -n "$refused" ]; then rec na "$id" "$metric, atomic" cairn "n/a: $refused"
  else value "$id" "$metric, atomic" cairn s "${a[*]}"; fi
  value "$id" "$metric, atomic" floor s "${f[*]}"
}

HIST_REG=
# The real history, imported once through the API (POST /repos/hist0/import of a .tar.gz of the folder); the
# baselines' shapes are written from what Cairn stored, so all three run the same files.
history_prepare() {
  [ -n "${HIST_N:-}" ] && return 0
  local db out commit
  HIST_DIR="$WORK/gen/history"; mkdir -p "$HIST_DIR"
  HIST_REG="{\"ledgerTable\":\"$HISTORY_LEDGER\"}"
  db=$(db_new "$PGSERVER" hist0)
  out=$(api POST /repos "$(jq -nc --arg url "$(jdbc_url "$PGSERVER" "$db")" --argjson extra "$HIST_REG" \
    '{id: "hist0", url: $url, username: "postgres"} + $extra')")
  [ "${out%% *}" = 201 ] || die "history: register: $out $(cat "$WORK/last.json")"
  tar czf "$WORK/history.tgz" -C "$BENCH_HISTORY" .
  out=$(curl -s -o "$WORK/last.json" -w '%{http_code} %{time_total}' -X POST -H 'Content-Type: application/gzip' \
    --data-binary "@$WORK/history.tgz" "$CAIRN/repos/hist0/import")
  [ "${out%% *}" = 201 ] || die "history: import of $BENCH_HISTORY: $out $(head -c 600 "$WORK/last.json")"
  java -cp "$BENCH_CP" dev.cairn.bench.History "$STORE/hist0" "$HISTORY_LEDGER" "$HIST_DIR"
  HIST_N=$(cat "$HIST_DIR/count")
  HIST_STATEMENTS=$(grep -c ';' "$HIST_DIR/floor-up.sql" || true)
  commit=$(git -C "$BENCH_HISTORY" rev-parse --short HEAD 2>/dev/null || true)
  rec meta "Real history (S7, S8)" "${BENCH_HISTORY_NAME:-$BENCH_HISTORY}${commit:+ at $commit}: $HIST_N migrations, imported through POST /repos/{id}/import; the floor's file has about $(fmt_n "$HIST_STATEMENTS") statements"
}

s7() {
  history_prepare
  scenario S7 "A real history ($HIST_N migrations)" "A public project's migrations folder (see the table at the top), imported once through the API, then migrated whole by each contender on a new database in each repetition: Cairn (one POST /migrate; again with atomic), the psql floor running the same files with the same ledger rows (a migration Cairn runs outside a transaction without BEGIN/COMMIT there too), Flyway on the same up scripts. Then Cairn restarted: a repo registered before the restart, migrated right when readiness answers (then a second new database right after it), 2 s later, with the warm-up off, and with HotSpot's C1 compiler only; the CPU rows split Cairn's CPU time between the JIT's compiler threads and the rest."
  flyway_open
  paired S7 "migrate all" "$PGSERVER" h7 "$STORE/hist0" "$HIST_DIR/floor-up.sql" history "$HIST_DIR/flyway" \
    "$HIST_N" "$S7_RUNS" "$HIST_REG" "$HISTORY_LEDGER"
  rec target S7 "migrate all ≤ 1.00× the floor" "migrate all" cairn "migrate all" floor "<=" 1.0
  rec target S7 "migrate all, atomic ≤ 1.00× the floor" "migrate all, atomic" cairn "migrate all" floor "<=" 1.0
  note S7 "Flyway runs this history with mixed(true), the one setting changed from its defaults: it refuses a migration that mixes statements it must run outside a transaction (CREATE INDEX CONCURRENTLY) with others otherwise."
}

# The first deploy after a restart: a repo registered, Cairn stopped and started on the same store, and the
# migrate sent as soon as readiness answers, or 2 s later; then the same with the warm-up off. Alternating.
# After the first, a second migrate of another new database, and what the JIT's compiler threads cost in each.
# Last, the first migrate with HotSpot's C1 compiler only, which compiles less and sooner than C1 and C2 together.
s7_restarts() {
  local k mode db repo ms c0 j0
  local -a now=() later=() off=() readys=() cpus=() jits=() second=() cpus2=() jits2=() c1=() c1readys=() c1cpus=()
  for k in $(seq 1 "$S7_RESTARTS"); do
    for mode in now later off c1; do
      repo="hr$mode$k"; db=$(db_new "$PGSERVER" "$repo")
      register "$repo" "$PGSERVER" "$db" "" "$STORE/hist0" "$HIST_REG"
      cairn_stop
      cairn_start "$STORE" "$WORK/cairn-restart-$repo.log" ${BENCH_JVM_OPTS:-} \
        $([ "$mode" = c1 ] && echo -XX:TieredStopAtLevel=1) "-Dcairn.run.warm-up=$([ "$mode" = off ] && echo false || echo true)"
      log "S7 restart $k/$S7_RESTARTS ($mode): ready in $CAIRN_READY_MS ms"
      [ "$mode" = later ] && sleep 2
      c0=$(cpu_ms "$CAIRN_PID"); j0=$(jit_cpu_ms "$CAIRN_PID")
      ms=$(ms_to_s "$(run_cairn "$repo" migrate '{}' "$HIST_N")")
      case $mode in
        now) now+=("$ms"); readys+=("$CAIRN_READY_MS")
          cpus+=("$(($(cpu_ms "$CAIRN_PID") - c0))"); jits+=("$(($(jit_cpu_ms "$CAIRN_PID") - j0))") ;;
        later) later+=("$ms") ;;
        off) off+=("$ms") ;;
        c1) c1+=("$ms"); c1readys+=("$CAIRN_READY_MS"); c1cpus+=("$(($(cpu_ms "$CAIRN_PID") - c0))") ;;
      esac
      unregister "$repo"; db_drop "$PGSERVER" "$db"
      if [ "$mode" = now ]; then
        repo="hs$k"; db=$(db_new "$PGSERVER" "$repo")
        register "$repo" "$PGSERVER" "$db" "" "$STORE/hist0" "$HIST_REG"
        c0=$(cpu_ms "$CAIRN_PID"); j0=$(jit_cpu_ms "$CAIRN_PID")
        second+=("$(ms_to_s "$(run_cairn "$repo" migrate '{}' "$HIST_N")")")
        cpus2+=("$(($(cpu_ms "$CAIRN_PID") - c0))"); jits2+=("$(($(jit_cpu_ms "$CAIRN_PID") - j0))")
        unregister "$repo"; db_drop "$PGSERVER" "$db"
      fi
    done
  done
  value S7 "first migrate all right after a restart (sent when readiness answers)" cairn s "${now[*]}"
  value S7 "first migrate all 2 s after readiness" cairn s "${later[*]}"
  value S7 "first migrate all right after a restart, warm-up off (cairn.run.warm-up=false)" cairn s "${off[*]}"
  value S7 "restart → ready, with repos registered (warm-up in the background)" cairn ms "${readys[*]}"
  value S7 "second migrate all after a restart (another new database, right after the first)" cairn s "${second[*]}"
  value S7 "Cairn's CPU time in the first migrate after a restart (all threads)" cairn ms "${cpus[*]}"
  value S7 "… of which the JIT's compiler threads" cairn ms "${jits[*]}"
  value S7 "Cairn's CPU time in the second migrate after a restart (all threads)" cairn ms "${cpus2[*]}"
  value S7 "… of which the JIT's compiler threads (second)" cairn ms "${jits2[*]}"
  value S7 "first migrate all right after a restart, C1 only (-XX:TieredStopAtLevel=1)" cairn s "${c1[*]}"
  value S7 "Cairn's CPU time in that first migrate, C1 only" cairn ms "${c1cpus[*]}"
  value S7 "restart → ready, C1 only" cairn ms "${c1readys[*]}"
  rec target S7 "first migrate after a restart within 1.2× a warm one" "first migrate all right after a restart (sent when readiness answers)" cairn "migrate all" cairn "<=" 1.2
}

s8() {
  local small="$WORK/gen/small$S8_S1_N" rw="$WORK/gen/realworld$S8_S3_N" s1m s3m
  gen small "$S8_S1_N" "$small"
  gen realworld "$S8_S3_N" "$rw"
  [ -n "${BENCH_HISTORY:-}" ] && history_prepare
  proxy_start "$LATENCY_MS"
  log "latency proxy at $PROXY, $LATENCY_MS ms each way"
  scenario S8 "A database $LATENCY_MS ms away ($(awk -v d="$LATENCY_MS" 'BEGIN { print 2 * d }') ms round trip)" "Every contender reaches PostgreSQL through the bench's LatencyProxy (bench/src/main/java/dev/cairn/bench/LatencyProxy.java), which holds each chunk $LATENCY_MS ms in each direction, in order, as a managed database 1–3 ms away would (this kernel has no netem). Migrate all of S1's and S3's scripts and of the real history, each contender on a new database in each repetition, as in S1, S3 and S7."
  flyway_open
  s1m="S1: $(fmt_n "$S8_S1_N") small migrations, migrate all"
  s3m="S3: $S8_S3_N real-world-shape migrations, migrate all"
  paired S8 "$s1m" "$PROXY" l1 "$small/cairn" "$small/floor-up.sql" migrate "$small/flyway" "$S8_S1_N" "$S8_RUNS" '{}' schema_migrations
  paired S8 "$s3m" "$PROXY" l3 "$rw/cairn" "$rw/floor-up.sql" migrate "$rw/flyway" "$S8_S3_N" "$S8_RUNS" '{}' schema_migrations
  if [ -n "${HIST_N:-}" ]; then
    paired S8 "real history, migrate all" "$PROXY" lh "$STORE/hist0" "$HIST_DIR/floor-up.sql" history "$HIST_DIR/flyway" \
      "$HIST_N" "$S8_RUNS" "$HIST_REG" "$HISTORY_LEDGER"
    rec target S8 "real history ≤ 0.40× the floor" "real history, migrate all" cairn "real history, migrate all" floor "<=" 0.40
  else
    note S8 "No real history: BENCH_HISTORY was not set."
  fi
  proxy_stop
  rec target S8 "S3 ≤ 0.50× the floor" "$s3m" cairn "$s3m" floor "<=" 0.50
  rec target S8 "S1 ≤ 0.65× the floor" "$s1m" cairn "$s1m" floor "<=" 0.65
  rec target S8 "S1 with atomic ≤ 0.50× the floor" "$s1m, atomic" cairn "$s1m" floor "<=" 0.50
  note S8 "psql and Flyway wait one round trip per statement, plus BEGIN and COMMIT; Cairn sends a migration's statements and its ledger row as one pipeline (a JDBC batch), and with atomic the whole plan in one transaction."
}

# Fleet server for S4 and S5 (started once, on first use).
need_fleet() {
  [ -n "${FLEET:-}" ] && return 0
  if fleet_start; then
    log "fleet server: PostgreSQL $PG_MAJOR at $FLEET, max_connections $FLEET_MAX_CONNECTIONS"
    rec meta "Fleet server (S4, S5)" "throwaway PostgreSQL $(psql_on "$FLEET" -d postgres -Atc 'SHOW server_version') cluster at $FLEET (same binaries, default settings, max_connections $FLEET_MAX_CONNECTIONS)"
  else
    log "could not start a throwaway cluster; S4 and S5 use $PGSERVER"
    FLEET=$PGSERVER
    rec meta "Fleet server (S4, S5)" "$PGSERVER (no throwaway cluster could be started)"
  fi
}

# ================================================================================================ S4
s4() {
  local n=$S4_REPOS m=$S4_MIGRATIONS dir="$WORK/gen/s4" db i id line r
  need_fleet
  gen small "$m" "$dir"
  scenario S4 "Status under load" "$n registered repos (one schema each in one database, $m applied migrations each); wrk with $S4_CONNECTIONS connections on one thread requests GET /repos/{id}/status rotating over them (bench/status.lua), ${S4_SECONDS} s per run after a ${S4_WARMUP} s warm-up. wrk, Cairn and PostgreSQL share the machine's cores."
  db=$(db_new "$FLEET" s4)
  for i in $(seq 0 $((n - 1))); do
    id=$(printf 's4_%03d' "$i")
    register "$id" "$FLEET" "$db" "$id" "$dir/cairn"
  done
  log "S4: migrating $n repos"
  seq 0 $((n - 1)) | xargs -P 4 -I@ sh -c 'id=$(printf "s4_%03d" @); curl -s -o "$1/s4-$id.json" -w "%{http_code}\n" -X POST -H "Content-Type: application/json" -d "{}" "$0/repos/$id/migrate"' "$CAIRN" "$WORK" >"$WORK/s4-codes"
  [ "$(grep -c '^200$' "$WORK/s4-codes")" = "$n" ] \
    || die "S4: not every repo migrated: $(sort "$WORK/s4-codes" | uniq -c | tr '\n' ' ') $(grep -L succeeded "$WORK"/s4-*.json | head -1 | xargs -r head -c 600)"
  rm -f "$WORK"/s4-*.json
  local -a tput=() p50=() p99=() bad=()
  export REPOS=$n REPO_PREFIX=s4_
  wrk -t1 -c"$S4_CONNECTIONS" -d"${S4_WARMUP}s" -s "$BENCH_DIR/status.lua" "$CAIRN" >"$WORK/wrk-warmup.log" 2>&1 \
    || die "wrk: $(cat "$WORK/wrk-warmup.log")"
  sampler_start "$FLEET" "$WORK/s4-connections"
  local -a cpu_cairn=() cpu_pg=() cpu_wrk=() loads=()
  local c0 p0 w0 c1 p1 w1 requests
  for r in $(seq 1 "$S4_RUNS"); do
    log "S4 run $r/$S4_RUNS"
    c0=$(cpu_ms "$CAIRN_PID"); p0=$( [ -n "${FLEET_DIR:-}" ] && cluster_cpu_ms "$FLEET_DIR/data" || echo 0)
    w0=$(awk '{ printf "%.0f", ($16 + $17) * 1000 / '"$(getconf CLK_TCK)"' }' /proc/$$/stat)
    wrk -t1 -c"$S4_CONNECTIONS" -d"${S4_SECONDS}s" --latency -s "$BENCH_DIR/status.lua" "$CAIRN" \
      >"$WORK/wrk-$r.log" 2>&1 || die "wrk: $(cat "$WORK/wrk-$r.log")"
    w1=$(awk '{ printf "%.0f", ($16 + $17) * 1000 / '"$(getconf CLK_TCK)"' }' /proc/$$/stat)
    c1=$(cpu_ms "$CAIRN_PID"); p1=$( [ -n "${FLEET_DIR:-}" ] && cluster_cpu_ms "$FLEET_DIR/data" || echo 0)
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    line=$(grep '^RESULT ' "$WORK/wrk-$r.log") || die "wrk printed no result: $(cat "$WORK/wrk-$r.log")"
    read -r _ requests _ t a b s e <<<"$line"
    tput+=("$t"); p50+=("$a"); p99+=("$b"); bad+=("$((s + e))")
    cpu_cairn+=("$(awk -v a="$c0" -v b="$c1" -v n="$requests" 'BEGIN { printf "%.3f", (b - a) / n }')")
    cpu_pg+=("$(awk -v a="$p0" -v b="$p1" -v n="$requests" 'BEGIN { printf "%.3f", (b - a) / n }')")
    cpu_wrk+=("$(awk -v a="$w0" -v b="$w1" -v n="$requests" 'BEGIN { printf "%.3f", (b - a) / n }')")
  done
  sampler_stop
  # The framework floor: the same load on GET /repos/{id}, which goes through the same HTTP, security and JSON
  # layers but asks no database; what status cannot beat on this machine whatever its database work costs.
  log "S4 framework floor (GET /repos/{id})"
  c0=$(cpu_ms "$CAIRN_PID")
  PATH_SUFFIX= wrk -t1 -c"$S4_CONNECTIONS" -d"${S4_SECONDS}s" --latency -s "$BENCH_DIR/status.lua" "$CAIRN" \
    >"$WORK/wrk-floor.log" 2>&1 || die "wrk: $(cat "$WORK/wrk-floor.log")"
  c1=$(cpu_ms "$CAIRN_PID")
  line=$(grep '^RESULT ' "$WORK/wrk-floor.log") || die "wrk printed no result: $(cat "$WORK/wrk-floor.log")"
  read -r _ requests _ t a b s e <<<"$line"
  [ "$((s + e))" = 0 ] || die "S4 framework floor: $((s + e)) failed answers"
  local floor_t=$t floor_a=$a floor_b=$b floor_cpu
  floor_cpu=$(awk -v a="$c0" -v b="$c1" -v n="$requests" 'BEGIN { printf "%.3f", (b - a) / n }')
  value S4 "throughput" cairn "req/s" "${tput[*]}"
  value S4 "latency p50" cairn ms "${p50[*]}"
  value S4 "latency p99" cairn ms "${p99[*]}"
  value S4 "non-2xx answers and socket errors" cairn "" "${bad[*]}"
  value S4 "server connections held (peak)" cairn "" "$(peak_of "$WORK/s4-connections")"
  value S4 "CPU time per request: Cairn" cairn ms "${cpu_cairn[*]}"
  value S4 "CPU time per request: PostgreSQL" cairn ms "${cpu_pg[*]}"
  value S4 "CPU time per request: wrk" cairn ms "${cpu_wrk[*]}"
  value S4 "machine load average (1 min) after each run" cairn "" "${loads[*]}"
  value S4 "framework floor, GET /repos/{id} (no database): throughput" cairn "req/s" "$floor_t"
  value S4 "framework floor: latency p50" cairn ms "$floor_a"
  value S4 "framework floor: latency p99" cairn ms "$floor_b"
  value S4 "framework floor: CPU time per request, Cairn" cairn ms "$floor_cpu"
  local ceiling
  ceiling=$(awk -v a="$(printf '%s\n' "${cpu_cairn[@]}" | median)" -v b="$(printf '%s\n' "${cpu_pg[@]}" | median)" \
    -v c="$(printf '%s\n' "${cpu_wrk[@]}" | median)" -v n="$(nproc)" 'BEGIN { printf "%.0f", n * 1000 / (a + b + c) }')
  note S4 "CPU ceiling: with all $(nproc) cores to Cairn, PostgreSQL and wrk and nothing else running, the CPU times per request above allow at most about $ceiling req/s. wrk's share is taken from the CPU time of the shell's finished children."
  rec target S4 "throughput ≥ 2,000 req/s" throughput cairn - - ">=" 2000
  rec target S4 "p99 ≤ 20 ms" "latency p99" cairn - - "<=" 20
  rec target S4 "no failed answers" "non-2xx answers and socket errors" cairn - - "<=" 0
  for i in $(seq 0 $((n - 1))); do unregister "$(printf 's4_%03d' "$i")"; done
  db_drop "$FLEET" "$db"
}

# ================================================================================================ S5
# One fleet call: every tenant schema of one database registered in one POST /repos/batch, then migrated by one
# POST /fleet/migrate; the psql floor runs the same tenants right after at the same concurrency.
s5() {
  local n=$S5_REPOS m=$S5_MIGRATIONS level=$S5_CONCURRENCY dir="$WORK/gen/s5" r db i out loc t0 wall fleet
  need_fleet
  gen small "$m" "$dir"
  scenario S5 "Fleet" "$(fmt_n "$n") tenants (a schema each, in one database) × $m migrations each: registered in one POST /repos/batch, then migrated by one POST /fleet/migrate with concurrency $level (Cairn's pool holds 10 connections to the database), polled on GET /fleet/runs/{id} every 0.1 s until it ends. Wall time from the fleet call to the answer that shows it ended; a new database and fresh registrations for every run. The psql floor runs right after at the same concurrency ($level psql sessions at a time, xargs -P): one session per tenant creating its schema, then its ledger and one transaction per migration, as in S1."
  local -a walls=() fwalls=() peaks=() regs=() cpus=() stats=()
  for r in $(seq 1 "$S5_RUNS"); do
    log "S5 run $r/$S5_RUNS: $n tenants × $m migrations, concurrency $level"
    db=$(db_new "$FLEET" "s5_$r")
    for i in $(seq 0 $((n - 1))); do ln -sfn "$dir/cairn" "$STORE/$(printf 's5_%s_%04d' "$r" "$i")"; done
    # A thousand registrations are too long for a command line: the body goes through a file.
    jq -nc --arg url "$(jdbc_url "$FLEET" "$db")" --arg r "$r" --argjson n "$n" \
      '[range(0; $n) | ("0000" + tostring)[-4:] as $i
        | {id: ("s5_" + $r + "_" + $i), url: $url, username: "postgres", prefix: ("t" + $i), labels: {bench: ("s5_" + $r)}}]' \
      >"$WORK/s5-batch.json"
    out=$(api POST /repos/batch "@$WORK/s5-batch.json")
    [ "${out%% *}" = 200 ] || die "S5 batch registration: $out $(head -c 600 "$WORK/last.json")"
    regs+=("$(sec_to_ms "${out#* }")")
    sampler_start "$FLEET" "$WORK/s5-connections-$r"
    local c0; c0=$(cpu_ms "$CAIRN_PID")
    t0=$(now_ns)
    out=$(curl -s -D "$WORK/s5-headers" -o "$WORK/last.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      -d "{\"selector\":{\"labels\":{\"bench\":\"s5_$r\"}},\"concurrency\":$level,\"onError\":\"stop\"}" "$CAIRN/fleet/migrate")
    [ "$out" = 202 ] || die "S5 fleet call: $out $(head -c 600 "$WORK/last.json")"
    loc=$(tr -d '\r' <"$WORK/s5-headers" | awk -F': ' 'tolower($1) == "location" { print $2 }')
    loc=${loc#"$CAIRN"}
    while :; do
      fleet=$(curl -s "$CAIRN$loc")
      [ "$(jq -r .status <<<"$fleet")" = running ] || break
      sleep 0.1
    done
    wall=$(ms_since "$t0")
    cpus+=("$(awk -v c="$(( $(cpu_ms "$CAIRN_PID") - c0 ))" -v n=$((n * m)) 'BEGIN { printf "%.2f", c / n }')")
    sampler_stop
    peaks+=("$(peak_of "$WORK/s5-connections-$r")")
    [ "$(jq -r .status <<<"$fleet")" = succeeded ] && [ "$(jq .counts.succeeded <<<"$fleet")" = "$n" ] \
      || die "S5: the fleet run did not succeed on every tenant: $(jq -c '{status, counts}' <<<"$fleet")"
    [ "$(psql_on "$FLEET" -d "$db" -Atc "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'")" = "$n" ] \
      || die "S5: not every tenant has its ledger"
    [ "$(psql_on "$FLEET" -d "$db" -Atc "SELECT count(*) FROM t$(printf %04d $((n - 1))).schema_migrations")" = "$m" ] \
      || die "S5: the last tenant did not apply $m migrations"
    walls+=("$(ms_to_s "$wall")")
    # Where the fleet stands, read from every tenant: five calls, the first one right after the run.
    for i in 1 2 3 4 5; do
      out=$(api GET "/fleet/status?label=bench:s5_$r")
      [ "${out%% *}" = 200 ] && [ "$(jq .current "$WORK/last.json")" = "$n" ] || die "S5 fleet status: $out"
      stats+=("$(sec_to_ms "${out#* }")")
    done
    for i in $(seq 0 $((n - 1))); do printf '%s\n' "$(printf 's5_%s_%04d' "$r" "$i")"; done \
      | xargs -P 8 -I@ sh -c 'curl -s -o /dev/null -X DELETE "$0/repos/@"; rm -f "$1/@"' "$CAIRN" "$STORE"
    db_drop "$FLEET" "$db"

    db=$(db_new "$FLEET" "s5f_$r")
    t0=$(now_ns)
    seq 0 $((n - 1)) | xargs -P "$level" -I@ sh -c 'psql -X -q -v ON_ERROR_STOP=1 -h "$0" -p "$1" -U postgres -d "$2" -c "CREATE SCHEMA f@; SET search_path TO f@" -f "$3" >/dev/null 2>>"$4"' \
      "${FLEET%:*}" "${FLEET#*:}" "$db" "$dir/floor-up.sql" "$WORK/psql.log" || die "S5 floor"
    fwalls+=("$(ms_to_s "$(ms_since "$t0")")")
    db_drop "$FLEET" "$db"
  done
  value S5 "wall time, one fleet call" cairn s "${walls[*]}"
  value S5 "wall time, one fleet call" floor s "${fwalls[*]}"
  value S5 "registration of all tenants, one POST /repos/batch" cairn ms "${regs[*]}"
  value S5 "GET /fleet/status over all tenants" cairn ms "${stats[*]}"
  value S5 "server connections held (peak)" cairn "" "${peaks[*]}"
  value S5 "Cairn CPU time per migration" cairn ms "${cpus[*]}"
  rec target S5 "within 1.1× the floor" "wall time, one fleet call" cairn "wall time, one fleet call" floor "<=" 1.1
  rec target S5 "≤ 60 s" "wall time, one fleet call" cairn - - "<=" 60
  rec target S5 "fleet status < 1 s" "GET /fleet/status over all tenants" cairn - - "<" 1000
  rec target S5 "server connections never above the pool size (10)" "server connections held (peak)" cairn - - "<=" 10
}

# ================================================================================================ S6
s6() {
  local r store ready rss started
  scenario S6 "Start-up and memory" "Process start (launching java -jar) to the first 200 from $READY_PATH, with an empty store; resident memory (VmRSS) 2 s after start-up, and of the process that ran S1 right after S1 and after S1–S5. JVM defaults (no -Xmx), as users start it. Then the same for the image's way: the aot-jar on Java 25 started with the AOT cache the Dockerfile writes."
  local -a readys=() rsss=() quarkus=() cpus=()
  for r in $(seq 1 "$S6_RUNS"); do
    store="$WORK/s6store$r"
    cairn_start "$store" "$WORK/cairn-s6-$r.log"
    readys+=("$CAIRN_READY_MS")
    cpus+=("$(cpu_ms "$CAIRN_PID")")
    sleep 2
    rsss+=("$(rss_mb "$CAIRN_PID")")
    started=$(grep -o 'started in [0-9.]*s' "$WORK/cairn-s6-$r.log" | head -1 | grep -o '[0-9.]*' || true)
    [ -n "$started" ] && quarkus+=("$(sec_to_ms "$started")")
    cairn_stop
    log "S6 run $r/$S6_RUNS: ready in $CAIRN_READY_MS ms"
  done
  value S6 "process start → ready" cairn ms "${readys[*]}"
  value S6 "Quarkus's own \"started in\"" cairn ms "${quarkus[*]}"
  value S6 "CPU time used until ready (all threads)" cairn ms "${cpus[*]}"
  value S6 "RSS idle after start-up" cairn MiB "${rsss[*]}"
  [ -n "${RSS_AFTER_S1:-}" ] && value S6 "RSS right after S1" cairn MiB "$RSS_AFTER_S1"
  [ -n "${RSS_AFTER_ALL:-}" ] && value S6 "RSS after the other scenarios (S1–S5, S7, S8)" cairn MiB "$RSS_AFTER_ALL"
  note S6 "With $(nproc) cores, start-up cannot take less than the CPU time it needs divided by $(nproc), however idle the machine."

  # As the Dockerfile runs it: the aot-jar on Java 25 with an AOT cache written by src/main/docker/aot-train.sh.
  local java25 aot_app="$ROOT/target/quarkus-app-aot"
  java25=$(java25_bin)
  if [ -z "$java25" ]; then
    note S6 "No JDK 25 or newer found (set BENCH_JAVA25 to its bin/java), so the image's way of starting (Java 25 with an AOT cache) was not measured."
    rec target S6 "start-up < 1.5 s (java -jar, Java 17, no cache)" "process start → ready" cairn - - "<" 1500
    return
  fi
  rec meta "Java for S6's AOT rows" "$("$java25" -version 2>&1 | head -2 | tail -1)"
  if [ "$BUILD" = 1 ] || [ ! -f "$aot_app/quarkus-run.jar" ]; then
    log "S6: building the aot-jar (the Dockerfile's build) into target/quarkus-app-aot"
    (cd "$ROOT" && ./mvnw -q -B -o package -DskipTests -Dquarkus.package.jar.type=aot-jar \
      -Dquarkus.package.output-directory=quarkus-app-aot) >"$WORK/build-aot.log" 2>&1 \
      || die "aot-jar build; $(tail -20 "$WORK/build-aot.log")"
  fi
  log "S6: training the AOT cache with $java25 (src/main/docker/aot-train.sh)"
  local t0; t0=$(now_ns)
  "$ROOT/src/main/docker/aot-train.sh" "$aot_app" "$java25" >>"$WORK/build-aot.log" 2>&1 \
    || die "AOT training; $(tail -20 "$WORK/build-aot.log")"
  value S6 "writing the AOT cache (once per build, in the image build)" cairn ms "$(ms_since "$t0")"
  readys=() cpus=() rsss=()
  for r in $(seq 1 "$S6_RUNS"); do
    store="$WORK/s6aot$r"
    CAIRN_JAVA=$java25 CAIRN_APP=$aot_app cairn_start "$store" "$WORK/cairn-s6aot-$r.log" -XX:AOTCache=app.aot
    readys+=("$CAIRN_READY_MS")
    cpus+=("$(cpu_ms "$CAIRN_PID")")
    sleep 2
    rsss+=("$(rss_mb "$CAIRN_PID")")
    grep -q "\[aot\]" "$WORK/cairn-s6aot-$r.log" && die "the JVM did not take the AOT cache: $(grep "\[aot\]" "$WORK/cairn-s6aot-$r.log" | head -2)"
    cairn_stop
    log "S6 run $r/$S6_RUNS with the AOT cache: ready in $CAIRN_READY_MS ms"
  done
  value S6 "process start → ready, Java 25 with the AOT cache (as the image runs it)" cairn ms "${readys[*]}"
  value S6 "CPU time used until ready, Java 25 with the AOT cache" cairn ms "${cpus[*]}"
  value S6 "RSS idle after start-up, Java 25 with the AOT cache" cairn MiB "${rsss[*]}"
  rec target S6 "start-up < 1.5 s, as the image runs it (Java 25, AOT cache)" "process start → ready, Java 25 with the AOT cache (as the image runs it)" cairn - - "<" 1500
  rec target S6 "start-up < 1.5 s, plain java -jar (Java 17, no cache)" "process start → ready" cairn - - "<" 1500
  note S6 "The image's way: the Dockerfile builds the aot-jar and writes an AOT cache (JEP 483/514/515) with one training start of its own Java 25 runtime (src/main/docker/aot-train.sh: readiness, listings, refusals, no database), then starts with -XX:AOTCache=app.aot. The cache holds the loaded and linked classes and their profiles, so start-up does less than half the work. Plain java -jar on Java 17 has no such cache."
}

# ------------------------------------------------------------------------------------------------ run them
if selected S1; then s1; elif selected S2 || selected S3 || selected S7 || selected S8; then warmup; fi
if selected S2; then s2; fi
if selected S3; then s3; fi
if selected S7; then s7; fi
if selected S8; then s8; fi
flyway_close
if selected S4; then s4; fi
if selected S5; then s5; fi
if [ -n "${CAIRN_PID:-}" ]; then RSS_AFTER_ALL=$(rss_mb "$CAIRN_PID"); fi
if selected S7; then s7_restarts; fi
cairn_stop
if selected S6; then s6; fi

rec meta "Load average at end" "$(cut -d' ' -f1-3 /proc/loadavg)"
rec meta "Wall time of this run" "$(awk -v a="$START_NS" -v b="$(now_ns)" 'BEGIN { printf "%.1f min", (b - a) / 6e10 }')"
java -cp "$BENCH_CP" dev.cairn.bench.Report "$RESULTS_TSV" "$OUT_MD"
cp "$RESULTS_TSV" "${OUT_MD%.md}.tsv"
log "wrote ${OUT_MD#"$ROOT"/}"
