# Shared by the bench scripts: build, find a JDK >= 21, start the fake PyPI, make a mirror.
# Expects $work (a scratch directory) to be set by the caller.

bench_build() {
  ./mvnw -B -q -DskipTests package test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null
  # The launcher makes its class-data archive for the new jar now, not inside a timed run.
  ./jubjub --version >/dev/null 2>&1
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java; do
    v=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then java=$candidate; return; fi
  done
  echo "bench: no JDK >= 21 found" >&2
  exit 2
}

# bench_fake PROJECTS [FakePyPIMain options]: starts the fake PyPI; sets $base and $fake_pid.
# Waits for its second line (the universe summary): a large-files universe takes a while to build.
bench_fake() {
  local projects=$1
  shift
  : >"$work/fake.out"
  "$java" -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" dev.jubjub.testing.FakePyPIMain \
    --port 0 --projects "$projects" "$@" >"$work/fake.out" 2>&1 &
  fake_pid=$!
  for _ in $(seq 6000); do
    [ "$(wc -l <"$work/fake.out")" -ge 2 ] && break
    kill -0 "$fake_pid" 2>/dev/null || { cat "$work/fake.out" >&2; exit 1; }
    sleep 0.1
  done
  base=$(head -n1 "$work/fake.out" | sed 's:/$::')
  echo "upstream: $(sed -n 2p "$work/fake.out")"
}

# bench_config WORKERS [LINE...]: writes $work/b.conf for a mirror in $work/mirror; each LINE is
# added to the [mirror] section.
bench_config() {
  local workers=$1
  shift
  {
    printf '[mirror]\ndirectory = %s\nmaster = %s\nworkers = %s\njson = true\n' "$work/mirror" "$base" "$workers"
    for line; do printf '%s\n' "$line"; done
    printf '\n[serve]\naccess-log = off\n'
  } >"$work/b.conf"
}

# bench_bandersnatch: sets $bandersnatch to the yardstick made by bench/bandersnatch-setup, or
# to nothing (and says so) when it is absent.
bench_bandersnatch() {
  bandersnatch=${BANDERSNATCH_HOME:-$HOME/.cache/jubjub-bench/bandersnatch}/bin/bandersnatch
  if [ ! -x "$bandersnatch" ] || ! "$bandersnatch" --version >/dev/null 2>&1; then
    echo "bandersnatch: yardstick absent ($bandersnatch); run bench/bandersnatch-setup for the jubjub/bandersnatch ratios"
    bandersnatch=""
  fi
}

# bench_bandersnatch_config WORKERS: writes $work/bs.conf for a bandersnatch mirror in
# $work/bsmirror of the same upstream (JSON API copies, like jubjub's json = true).
bench_bandersnatch_config() {
  cat >"$work/bs.conf" <<CONF
[mirror]
directory = $work/bsmirror
master = $base
allow-non-https = true
workers = $1
json = true
timeout = 60
stop-on-error = true
CONF
}

# bench_time NAME COMMAND...: runs COMMAND (output in $work/NAME.out and .err) under GNU time and
# appends "wall user sys peak-RSS-KB" to $work/NAME.times; stops the bench if COMMAND fails.
bench_time() {
  local name=$1
  shift
  if [ ! -x /usr/bin/time ]; then
    echo "bench: GNU time is needed for the CPU and peak RSS figures: apt-get install time" >&2
    exit 2
  fi
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "bench: $name failed: $(head -n1 "$work/$name.time")" >&2
    tail -n 15 "$work/$name.err" >&2
    exit 1
  fi
  tail -n1 "$work/$name.time" >>"$work/$name.times"
}

# Medians over the runs recorded by bench_time: wall s, CPU s (user + sys), peak RSS MB.
median() { sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
wall() { awk '{print $1}' "$work/$1.times" | median; }
cpu() { awk '{print $2 + $3}' "$work/$1.times" | median; }
rss() { awk '{print $4 / 1024}' "$work/$1.times" | median; }
runs() { wc -l <"$work/$1.times"; }

# bench_row LABEL NAME: one line of the results table.
bench_row() {
  printf '  %-34s %8.2f %8.2f %9.0f   (%d runs)\n' "$1" "$(wall "$2")" "$(cpu "$2")" "$(rss "$2")" "$(runs "$2")"
}

# bench_ratios LABEL A B: speed ratio A/B (B's wall over A's), and A's CPU and peak RSS over B's.
bench_ratios() {
  printf '  %-34s speed %5.2f   CPU %5.2f   peak RSS %5.2f\n' "$1" \
    "$(echo "$(wall "$3") / $(wall "$2")" | bc -l)" \
    "$(echo "$(cpu "$2") / $(cpu "$3")" | bc -l)" \
    "$(echo "$(rss "$2") / $(rss "$3")" | bc -l)"
}

# bench_curl_config URLS OUT: curl config lines fetching each URL of the file URLS into the
# directory OUT under its URL path (like a mirror tree), one "url"/"output" pair per URL.
bench_curl_config() {
  awk -v out="$2" '{p = $0; sub(/^[a-z]+:\/\/[^\/]*\//, "", p); printf "url = \"%s\"\noutput = \"%s/%s\"\n", $0, out, p}' "$1"
}

# bench_curl_split CONFIG WORKERS: cuts CONFIG into parts of 100 URLs, listed in $work/curl-parts.txt, for
# and sets the array curl_cmd (WORKERS given): xargs starting one curl per part, WORKERS at a time;
# each curl fetches its 100 URLs on one connection, reused from URL to URL (the fastest loopback
# client at this concurrency).
bench_curl_split() {
  rm -f "$work"/curl-part.*
  split -l 200 -d -a 5 "$1" "$work/curl-part."
  ls "$work"/curl-part.* >"$work/curl-parts.txt"
  curl_cmd=(xargs -P "$2" -n 1 -a "$work/curl-parts.txt" curl -s -S -L --compressed --create-dirs
    -H "Accept: application/vnd.pypi.simple.v1+json, */*" -K)
}

now() { date +%s.%N; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: nothing listening on $1" >&2
  return 1
}
