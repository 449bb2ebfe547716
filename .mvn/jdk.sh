# Sourced by ./mvnw, ./samsa and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that already qualifies; otherwise picks the newest under /usr/lib/jvm.
samsa_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

samsa_pick_jdk() {
  local candidate feature best="" best_feature=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    feature=$(samsa_java_feature "$JAVA_HOME")
    if [ "${feature:-0}" -ge 21 ] 2>/dev/null; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -x "$candidate/bin/javac" ] || continue
    feature=$(samsa_java_feature "$candidate")
    if [ "${feature:-0}" -ge 21 ] 2>/dev/null && [ "$feature" -gt "$best_feature" ]; then
      best="$candidate"; best_feature="$feature"
    fi
  done
  if [ -z "$best" ]; then
    echo "Samsa needs a JDK 21 or newer: set JAVA_HOME to one (none found under /usr/lib/jvm)." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

samsa_pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
