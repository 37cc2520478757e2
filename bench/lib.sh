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
# With BENCH_TLS=1 the clients reach it through nginx over TLS with HTTP/2 and gzip, as pypi.org is
# served (bench_tls_front); $fake_pid then holds nginx's pid too.
bench_fake() {
  local projects=$1 front_port=""
  shift
  if [ "${BENCH_TLS:-0}" = 1 ]; then
    case " $* " in *" --scale "*)
      # Its files are linked to its own address: they would travel over plain http, unsaid.
      echo "bench: BENCH_TLS=1 is for the generated and large-files upstreams, not the scale mode" >&2
      exit 2 ;;
    esac
    front_port=$(free_port)
    set -- "$@" --files-base "https://127.0.0.1:$front_port/"
  fi
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
  [ -z "$front_port" ] || bench_tls_front "$front_port"
}

# bench_nginx DIR SERVER_LINES: starts nginx (Debian package, no root needed) with its files in
# DIR and SERVER_LINES inside http {}; sets $nginx_pid. Access is logged to DIR/access.log as
# "user-agent|connection|protocol|uri|status|bytes sent" when SERVER_LINES say access_log wire.
bench_nginx() {
  local dir=$1
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  log_format wire '\$http_user_agent|\$connection|\$server_protocol|\$uri|\$status|\$bytes_sent';
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
$2
}
CONF
  /usr/sbin/nginx -c "$dir/nginx.conf" -p "$dir" &
  nginx_pid=$!
}

# bench_tls_front PORT: nginx on PORT in front of the fake at $base, over TLS 1.3 with HTTP/2 and
# a self-signed certificate that every client trusts through SSL_CERT_FILE (jubjub, Python's ssl,
# curl); $base becomes https. The fake gzips documents for a client that asks, like PyPI's CDN;
# nginx passes that through, streams files without spooling them, and keeps its connections to
# the fake alive. Its access log tells what each client sent over the wire (bench_wire).
bench_tls_front() {
  local port=$1 upstream=${base#http://}
  mkdir -p "$work/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>"$work/tls/openssl.err" ||
    { cat "$work/tls/openssl.err" >&2; echo "bench: no certificate for the TLS front" >&2; exit 2; }
  export SSL_CERT_FILE=$work/tls/cert.pem CURL_CA_BUNDLE=$work/tls/cert.pem
  bench_nginx "$work/tls" "  upstream fake { server $upstream; keepalive 32; }
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $work/tls/cert.pem;
    ssl_certificate_key $work/tls/key.pem;
    ssl_protocols TLSv1.3;
    access_log $work/tls/access.log wire;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_redirect http://$upstream/ /;
      proxy_max_temp_file_size 0;
    }
  }"
  fake_pid="$fake_pid $nginx_pid"
  wait_port "$port"
  base=https://127.0.0.1:$port
  echo "TLS front: nginx $(/usr/sbin/nginx -v 2>&1 | sed 's:.*/::'), TLS 1.3, HTTP/2, at $base"
}

# bench_wire_start: forgets what the bench's own set-up requests sent through the TLS front.
bench_wire_start() {
  [ ! -f "$work/tls/access.log" ] || : >"$work/tls/access.log"
}

# bench_wire_stop: what the TLS front logged so far is what bench_wire reports (not a verify after).
bench_wire_stop() {
  [ ! -f "$work/tls/access.log" ] || cp "$work/tls/access.log" "$work/tls/access.rounds"
}

# bench_wire ROUNDS: with the TLS front, per client (by user agent) and per round (bench/mirror's
# full and no-change runs together): requests, TLS connections, protocol, and the bytes nginx
# sent for documents (listing, JSON, pages) and files.
bench_wire() {
  [ -f "$work/tls/access.log" ] || return 0
  local log=$work/tls/access.log
  [ ! -f "$work/tls/access.rounds" ] || log=$work/tls/access.rounds
  echo "over the wire, per round (nginx's access log):"
  awk -F'|' -v runs="$1" '
    { split($1, ua, "/"); c = ua[1]; if (c ~ /^Python|^aiohttp/) c = "bandersnatch"
      req[c]++; if (!((c, $2) in seen)) { seen[c, $2] = 1; conns[c]++ } proto[c] = $3
      if ($4 ~ /^\/packages\//) files[c] += $6; else docs[c] += $6 }
    END { for (c in req) printf "  %-14s %6d requests  %4d connections  %-9s documents %8.2f MB  files %8.1f MB\n",
      c, req[c] / runs, conns[c] / runs, proto[c], docs[c] / runs / 1e6, files[c] / runs / 1e6 }' "$log"
}

# bench_set_aside DIR: moves a tree out of the way of the next full run (into $work/aside, which
# goes with $work at exit) instead of deleting it. This machine's ext4 has no journal, and there a
# new inode is never one freed in the last seconds to minutes: every create then steps over every
# inode the last rm -rf freed in its block group, so the tool that ran right after a deletion paid
# for it (1-2 s of kernel time per 200-project run, growing with each round).
bench_set_aside() {
  [ -e "$1" ] || return 0
  mkdir -p "$work/aside"
  mv "$1" "$(mktemp -d "$work/aside/XXXXXX")/"
  sync
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

# bench_timed NAME COMMAND...: like bench_time, but a failure is recorded in $failures (and an
# OutOfMemoryError looked for), not fatal; the run's figures replace earlier ones.
bench_timed() {
  local name=$1
  shift
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    failures="${failures:-} $name"
    echo "bench: $name failed" >&2
    tail -n 5 "$work/$name.err" >&2
  fi
  if grep -q OutOfMemoryError "$work/$name.out" "$work/$name.err"; then
    failures="${failures:-} $name(OutOfMemoryError)"
  fi
  tail -n1 "$work/$name.time" >"$work/$name.times"
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
