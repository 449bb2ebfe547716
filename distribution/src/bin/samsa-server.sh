#!/usr/bin/env bash
# Runs a Samsa broker in the foreground until SIGTERM or Ctrl-C (both stop it gracefully).
#   samsa-server.sh [CONFIG] [--override key=value]...
# Environment: JAVA_HOME (a JDK/JRE 21+), SAMSA_HEAP_OPTS (default -Xmx1g), SAMSA_OPTS (extra JVM options).
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
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)"
if ! [ "${feature:-0}" -ge 21 ] 2>/dev/null; then
  echo "samsa: $java is Java ${feature:-?}; Samsa needs Java 21 or newer (set JAVA_HOME)" >&2
  exit 1
fi

# Netty loads its native epoll transport; newer JDKs also want Guice's use of sun.misc.Unsafe allowed.
jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$feature" -ge 23 ]; then jvm_flags+=(--sun-misc-unsafe-memory-access=allow); fi

# Plugins ship in this distribution's plugins/ directory; use it unless plugin.path is set.
args=("$@")
if ! printf '%s\n' "$@" | grep -q '^plugin\.path=' \
    && ! { [ $# -gt 0 ] && [ -f "$1" ] && grep -q '^[[:space:]]*plugin\.path[[:space:]]*[=:]' "$1"; }; then
  args+=(--override "plugin.path=$home/plugins")
fi

exec "$java" ${SAMSA_HEAP_OPTS:--Xmx1g} "${jvm_flags[@]}" ${SAMSA_OPTS:-} \
  -Dlogback.configurationFile="$home/config/logback.xml" \
  -cp "$home/lib/*" io.samsa.core.server.Main "${args[@]}"
