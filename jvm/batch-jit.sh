# Sourced by both launchers (./jubjub and the distribution's bin/jubjub), POSIX sh.
#
# batch_jit ARGS...: prints the JIT option for a batch command (mirror, sync, verify, delete) run
# with ARGS: -XX:TieredStopAtLevel=1 (C1 alone) where SHA-256 comes from libcrypto and the
# command's configuration fetches from plain-http URLs only; nothing otherwise.
#
# C1 alone spares a small mirror C2's compiles and the profiled code that waits for them (about a
# quarter of its CPU), but its code has none of the AES-GCM intrinsics that TLS needs: against an
# https upstream (pypi.org, the default master) a run decrypted 600 MB of large files at 21 MB/s,
# with C2 allowed on the JDK's crypto provider (batch-compiler-directives.json) at 72. So C1 alone
# only for an active `master = http://…` line with no https download-mirror or endpoint_url, no
# [s3] section and no `storage-backend = s3` (an object store is reached over https unless told
# otherwise), and never for selftest; comments do not count. The configuration cannot tell
# everything: an http upstream whose documents link files to an https host has them decrypted by
# C1 code (slower, never wrong).
batch_jit() {
  libcrypto_present || return 0
  # selftest reaches its own index over https, whatever the configuration here says.
  for arg in "$@"; do
    case $arg in selftest) return 0 ;; esac
  done
  config=$(batch_config "$@")
  { [ -f "$config" ] && [ -r "$config" ]; } || return 0
  # Read through a redirection: grep takes a file named "-" for its standard input.
  grep -Eiq -e '^[[:space:]]*master[[:space:]]*[=:][[:space:]]*http://' <"$config" || return 0
  grep -Eiq -e '^[[:space:]]*(download[-_]mirror|endpoint_url)[[:space:]]*[=:][[:space:]]*https://' \
    -e '^[[:space:]]*\[s3\]' -e '^[[:space:]]*storage[-_]backend[[:space:]]*[=:][[:space:]]*s3' <"$config" && return 0
  printf '%s\n' -XX:TieredStopAtLevel=1
}

# The configuration file jubjub reads: -c FILE, -cFILE, --config FILE, --config=FILE, else
# $JUBJUB_CONFIG, /etc/bandersnatch.conf, ./bandersnatch.conf (as ConfigLoader looks).
batch_config() {
  prev=""
  for arg in "$@"; do
    case $prev in -c | --config) printf '%s\n' "$arg"; return 0 ;; esac
    case $arg in
      --config=*) printf '%s\n' "${arg#--config=}"; return 0 ;;
      -c=*) printf '%s\n' "${arg#-c=}"; return 0 ;;
      -c?*) printf '%s\n' "${arg#-c}"; return 0 ;;
    esac
    prev=$arg
  done
  case ${JUBJUB_CONFIG:-} in
    *[![:space:]]*) printf '%s\n' "$JUBJUB_CONFIG" ;;
    *) if [ -f /etc/bandersnatch.conf ]; then echo /etc/bandersnatch.conf; else echo bandersnatch.conf; fi ;;
  esac
}

libcrypto_present() {
  for lib in /usr/lib/x86_64-linux-gnu/libcrypto.so.3 /lib/x86_64-linux-gnu/libcrypto.so.3 \
    /usr/lib/aarch64-linux-gnu/libcrypto.so.3 /usr/lib64/libcrypto.so.3 /usr/lib/libcrypto.so.3; do
    [ -e "$lib" ] && return 0
  done
  return 1
}
