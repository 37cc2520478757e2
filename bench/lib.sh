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

# bench_fake PROJECTS: starts the fake PyPI; sets $base and $fake_pid.
bench_fake() {
  "$java" -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" dev.jubjub.testing.FakePyPIMain \
    --port 0 --projects "$1" >"$work/fake.out" 2>&1 &
  fake_pid=$!
  for _ in $(seq 100); do grep -q '^http' "$work/fake.out" && break; sleep 0.1; done
  base=$(head -n1 "$work/fake.out" | sed 's:/$::')
  echo "upstream: $(sed -n 2p "$work/fake.out")"
}

# bench_config WORKERS: writes $work/b.conf for a mirror in $work/mirror.
bench_config() {
  cat >"$work/b.conf" <<CONF
[mirror]
directory = $work/mirror
master = $base
workers = $1
json = true

[serve]
access-log = off
CONF
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
