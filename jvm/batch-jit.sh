# Sourced by both launchers (./jubjub and the distribution's bin/jubjub), POSIX sh.
#
# batch_jit ARGS...: prints the JIT option for a batch command (mirror, sync, verify, delete) run
# with ARGS: -XX:TieredStopAtLevel=1 (C1 alone) where SHA-256 comes from libcrypto and the
# command's configuration names plain-http URLs only; nothing otherwise.
#
# C1 alone spares a small mirror C2's compiles and the profiled code that waits for them (about a
# quarter of its CPU), but its code has none of the AES-GCM intrinsics that TLS needs: against an
# https upstream (pypi.org, the default master) a run decrypted 600 MB of large files at 21 MB/s,
# with C2 allowed on the JDK's crypto provider (batch-compiler-directives.json) several times
# faster. An https URL, an [s3] section or a master that is not spelled out keeps C2.
batch_jit() {
  libcrypto_present || return 0
  config=$(batch_config "$@")
  [ -r "$config" ] || return 0
  grep -Eiq '^[[:space:]]*master[[:space:]]*[=:][[:space:]]*http://' "$config" || return 0
  grep -Eiq 'https://|^[[:space:]]*\[s3\]' "$config" && return 0
  echo -XX:TieredStopAtLevel=1
}

# The configuration file jubjub reads: -c/--config, else $JUBJUB_CONFIG, /etc/bandersnatch.conf,
# ./bandersnatch.conf (as ConfigLoader looks).
batch_config() {
  prev=""
  for arg in "$@"; do
    case $prev in -c | --config) echo "$arg"; return 0 ;; esac
    case $arg in --config=*) echo "${arg#--config=}"; return 0 ;; esac
    prev=$arg
  done
  if [ -n "${JUBJUB_CONFIG:-}" ]; then
    echo "$JUBJUB_CONFIG"
  elif [ -f /etc/bandersnatch.conf ]; then
    echo /etc/bandersnatch.conf
  else
    echo bandersnatch.conf
  fi
}

libcrypto_present() {
  for lib in /usr/lib/x86_64-linux-gnu/libcrypto.so.3 /lib/x86_64-linux-gnu/libcrypto.so.3 \
    /usr/lib/aarch64-linux-gnu/libcrypto.so.3 /usr/lib64/libcrypto.so.3 /usr/lib/libcrypto.so.3; do
    [ -e "$lib" ] && return 0
  done
  return 1
}
