#!/usr/bin/env bash
# Runs a Samsa broker in the foreground until SIGTERM or Ctrl-C (both stop it gracefully).
#   samsa-server.sh [CONFIG] [--override key=value]...
#   samsa-server.sh --prepare      only prepare the class-data archive (see below), then exit
# Environment: JAVA_HOME (a JDK/JRE 21+), SAMSA_HEAP_OPTS (default -Xmx1g, heap committed as used),
# SAMSA_GC_OPTS (default G1, 20 ms pause goal), SAMSA_OPTS (extra JVM options),
# SAMSA_CLASS_DATA=off (no class-data archive).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java || true)"
fi
if [ -z "$java" ] || [ ! -x "$java" ]; then
  echo "samsa: no java found; set JAVA_HOME to a Java 21+ installation" >&2
  exit 1
fi
# The JDK's release file names its version; reading it is much quicker than starting a JVM to ask.
release="$(dirname "$(dirname "$(readlink -f "$java")")")/release"
java_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$release" 2>/dev/null || true)"
if [ -z "$java_version" ]; then
  java_version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p' | head -n 1)"
fi
feature="${java_version%%[.+-]*}"
if ! [ "${feature:-0}" -ge 21 ] 2>/dev/null; then
  echo "samsa: $java is Java ${java_version:-?}; Samsa needs Java 21 or newer (set JAVA_HOME)" >&2
  exit 1
fi

# Netty loads its native epoll transport; newer JDKs also want Guice's use of sun.misc.Unsafe allowed.
jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$feature" -ge 23 ]; then jvm_flags+=(--sun-misc-unsafe-memory-access=allow); fi
# Guice wires the broker's objects once, at start-up: reflection does that sooner than generating
# classes for them first (about a quarter of Guice's start-up time).
jvm_flags+=(-Dguice_bytecode_gen_option=DISABLED)

# Class-data archive: the classes a starting broker loads, recorded once per installation and Java
# version by a short training run (ClassDataTraining) and mapped by every later start, which then
# skips loading and verifying them: it takes about half of the start-up time away. The archive is
# written under another name and renamed when complete, so brokers starting side by side never map
# a half-written file. Without a writable var/ directory the broker simply starts without one.
class_data="$home/var/class-data/samsa-java-${java_version//[^A-Za-z0-9.]/_}.jsa"
prepare_class_data() {
  [ "${SAMSA_CLASS_DATA:-on}" != off ] || return 0
  # Jars replaced in place make the archive useless (the JVM would skip it): record it again.
  if [ -f "$class_data" ] && [ -n "$(find "$home/lib" -newer "$class_data" -print -quit)" ]; then rm -f "$class_data"; fi
  [ ! -f "$class_data" ] || return 0
  mkdir -p "$(dirname "$class_data")" 2>/dev/null && [ -w "$(dirname "$class_data")" ] || return 0
  local partial="$class_data.$$.partial"
  echo "samsa: recording the class-data archive for quicker start-ups (once per installation and Java version)..." >&2
  if timeout 120 "$java" -XX:ArchiveClassesAtExit="$partial" ${SAMSA_HEAP_OPTS:-$heap_default} "${gc_flags[@]}" "${jvm_flags[@]}" \
      -Dlogback.configurationFile="$home/config/logback.xml" -cp "$home/lib/*" \
      io.samsa.core.server.ClassDataTraining "$home/plugins" >/dev/null 2>&1 && [ -s "$partial" ]; then
    mv -f "$partial" "$class_data"
  else
    rm -f "$partial"
    echo "samsa: could not prepare the class-data archive; starting without it" >&2
  fi
}
heap_default="-Xmx1g"
# G1 with short pause targets, as Kafka runs; the heap grows to the limit only as it is needed.
read -r -a gc_flags <<<"${SAMSA_GC_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20}"
prepare_class_data
if [ "${1:-}" = --prepare ]; then exit 0; fi
if [ "${SAMSA_CLASS_DATA:-on}" != off ] && [ -f "$class_data" ]; then
  # An archive from other jars (a changed installation) is skipped by the JVM; stay quiet about it.
  jvm_flags+=(-XX:SharedArchiveFile="$class_data" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi

# Plugins ship in this distribution's plugins/ directory; use it unless plugin.path is set.
args=("$@")
if ! printf '%s\n' "$@" | grep -q '^plugin\.path=' \
    && ! { [ $# -gt 0 ] && [ -f "$1" ] && grep -q '^[[:space:]]*plugin\.path[[:space:]]*[=:]' "$1"; }; then
  args+=(--override "plugin.path=$home/plugins")
fi

exec "$java" ${SAMSA_HEAP_OPTS:-$heap_default} "${gc_flags[@]}" "${jvm_flags[@]}" ${SAMSA_OPTS:-} \
  -Dlogback.configurationFile="$home/config/logback.xml" \
  -cp "$home/lib/*" io.samsa.core.server.Main "${args[@]}"
