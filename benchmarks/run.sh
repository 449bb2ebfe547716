#!/usr/bin/env bash
# Samsa and Apache Kafka side by side, on this machine, in one run.
#   benchmarks/run.sh [--quick] [--runs N] [--no-build] [--keep]
# Builds what is missing (the Samsa distribution, and Kafka + Kafka's tools from Maven Central),
# then starts Kafka, Samsa, Kafka, Samsa, ... on 127.0.0.1 (a warm-up round first, whose numbers
# are dropped) and runs the same workloads against each: produce 1 KiB records (acks=1/all,
# 1/8 partitions, unthrottled), consume that data, end-to-end latency at a fixed rate, broker
# CPU per GB, peak RSS and start-up time. Prints one markdown table (medians, Samsa/Kafka ratio)
# and writes it to benchmarks/target/results-<date>.md.
#   --quick      short smoke run: small workloads, no warm-up round, 1 run each (< 5 minutes)
#   --runs N     measured runs per broker (default 5; --quick: 1)
#   --no-build   never build; fail if something is missing
#   --keep       keep each run's data directory and logs under benchmarks/target/bench-work
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
target="$bench/target"

usage() { sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

quick=0; runs=""; build=1; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# ---- workload sizes (every workload is bounded by a record count or a duration) ------------------
record_size=1024
if [ "$quick" = 1 ]; then
  runs="${runs:-1}"; warmup_round=0
  produce_records=100000      # per produce workload (~100 MB)
  warmup_records=50000        # in-broker JIT warm-up, per produce shape, before the measured workloads
  latency_rate=1000; latency_seconds=10
  e2e_records=1000
  consume_passes=1
else
  runs="${runs:-5}"; warmup_round=1
  produce_records=500000      # per produce workload (~500 MB)
  warmup_records=200000
  latency_rate=1000; latency_seconds=30
  e2e_records=5000
  consume_passes=3            # reads of each topic per run; the run records the median pass
fi
# Each broker runs with its own launcher's JVM defaults: Kafka with kafka-server-start.sh's heap
# (-Xmx1G -Xms1G), Samsa with bin/samsa-server.sh's (-Xmx1g, committed as used). BENCH_HEAP_OPTS
# gives both the same heap instead.
kafka_heap_opts="${BENCH_HEAP_OPTS:--Xmx1G -Xms1G}"
samsa_heap_opts="${BENCH_HEAP_OPTS:-}"
samsa_default_heap="-Xmx1g committed as used (bin/samsa-server.sh default; class-data archive recorded at install)"
tool_opts="-Xmx512m"                             # every client tool JVM

# ---- JDK (the same one for both brokers and the tools) -------------------------------------------
. "$root/.mvn/jdk.sh"
java="$JAVA_HOME/bin/java"

# ---- build what is missing (or older than the sources) ------------------------------------------
tarball() { local t=("$root"/distribution/target/samsa-*-bin.tar.gz); if [ -e "${t[0]}" ]; then echo "${t[0]}"; fi; }
needs_build() {
  local built; built="$(tarball)"
  [ -z "$built" ] && return 0
  for f in "$target/kafka-lib/kafka_2.13-"*.jar "$target/tools-lib/kafka-tools-"*.jar "$target/classes/io/samsa/benchmarks/Report.class"; do
    [ -e "$f" ] || return 0
  done
  [ -n "$(find "$root/pom.xml" "$root"/{api,protocol-generator,protocol,storage-plugins,core,distribution} \
      -path '*/target' -prune -o -newer "$built" -type f -print -quit 2>/dev/null)" ] && return 0
  [ -n "$(find "$bench/pom.xml" "$bench/src" -newer "$target/classes/io/samsa/benchmarks/Report.class" -type f -print -quit)" ]
}
if needs_build; then
  if [ "$build" = 0 ]; then
    echo "run.sh: the Samsa distribution or the Kafka jars are missing or stale, and --no-build was given" >&2
    exit 1
  fi
  echo "run.sh: building the Samsa distribution and the benchmark harness..." >&2
  (cd "$root" && ./mvnw -q -B --no-transfer-progress -DskipTests -Dbenchmarks package -pl distribution,benchmarks -am)
fi

kafka_version="$(ls "$target"/kafka-lib/kafka_2.13-*.jar | sed 's/.*kafka_2.13-\(.*\)\.jar/\1/')"
samsa_version="$(basename "$(tarball)" | sed 's/^samsa-\(.*\)-bin\.tar\.gz$/\1/')"
kafka_cp="$target/kafka-lib/*"
tools_cp="$target/classes:$target/tools-lib/*"
tool_log="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

# ---- state for cleanup: everything we start is stopped by its PID, also on failure ---------------
stamp="$(date +%Y-%m-%d)"
work="$target/bench-work"
results="$work/results"
rm -rf "$work"; mkdir -p "$results"
broker_pid=""; tool_pid=""

stop_pid() { # pid grace_seconds
  local pid="$1" grace="$2" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "run.sh: process $pid did not stop in ${grace}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "run.sh: stopped (exit $status); logs of each run are under $work" >&2
  fi
  stop_pid "$tool_pid" 5; tool_pid=""
  stop_pid "$broker_pid" 30; broker_pid=""
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Runs a client tool in the background (so the traps can stop it by PID), bounded in time. Sets
# tool_cpu to the CPU seconds the tool used (its JVM counts once reaped, as this script's child time).
# tool [--may-fail] SECONDS OUTPUT_FILE java-args...
tool_cpu=0
tool() {
  local quiet=0
  if [ "$1" = --may-fail ]; then quiet=1; shift; fi
  local seconds="$1" out="$2"; shift 2
  local before; before="$(children_ticks)"
  timeout "$seconds" "$java" $tool_opts $tool_log "$@" >"$out" 2>&1 &
  tool_pid=$!
  local status=0
  wait "$tool_pid" || status=$?
  tool_pid=""
  tool_cpu="$(awk -v a="$before" -v b="$(children_ticks)" -v t="$clk_tck" 'BEGIN { printf "%.2f", (b - a) / t }')"
  if [ "$status" -ne 0 ] && [ "$quiet" = 0 ]; then
    log "  tool failed (exit $status; 124 = timed out after ${seconds}s): ${*: -6}"
    tail -n 5 "$out" | sed 's/^/    /' >&2
  fi
  return "$status"
}

# ---- /proc readings of the broker JVM ------------------------------------------------------------
clk_tck="$(getconf CLK_TCK)"
cpu_seconds() { # utime+stime of the process, in seconds
  local stat; stat="$(cat "/proc/$1/stat")"
  stat="${stat##*) }"   # fields after "(comm) "; utime and stime are fields 14 and 15 of the line
  awk -v t="$clk_tck" '{ printf "%.2f", ($12 + $13) / t }' <<<"$stat"
}
peak_rss_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# How busy the machine was with other work during a run (other builds, say): all CPU time on the
# machine minus what this script and everything it started used, as a share of the machine.
machine_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
own_ticks() { # utime + stime + cutime + cstime of this script (children count once reaped)
  local stat; stat="$(cat "/proc/$$/stat")"; stat="${stat##*) }"
  awk '{ print $12 + $13 + $14 + $15 }' <<<"$stat"
}
children_ticks() { # cutime + cstime of this script: the reaped children's CPU
  local stat; stat="$(cat "/proc/$$/stat")"; stat="${stat##*) }"
  awk '{ print $14 + $15 }' <<<"$stat"
}

# Writes every dirty page back before a measured step, so that no step pays (in CPU and disk
# bandwidth taken by the kernel's flusher threads) for the data an earlier step left in the page
# cache: 2.8 GB are written per run, past the point where background writeback starts.
settle() { sync; }

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then
      echo "$port"; return 0
    fi
  done
  echo "run.sh: no free port found" >&2; return 1
}

# Waits until the broker answers a request on PORT: an ApiVersions v0 request (the first thing
# every client sends). A completed TCP handshake is not enough, since the kernel completes those
# on a bound socket before the broker accepts them. Prints the time it was answered (ns).
wait_ready() { # pid port timeout_seconds
  local pid="$1" port="$2" deadline=$(( $(date +%s) + $3 )) fd n
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: the broker exited during start-up" >&2; return 1; }
    if { exec {fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf '\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x01\x00\x00' >&"$fd"
      n="$(timeout 30 head -c 4 <&"$fd" | wc -c)" || true
      exec {fd}>&-
      if [ "$n" = 4 ]; then date +%s%N; return 0; fi
    fi
    sleep 0.01
  done
  echo "run.sh: the broker did not answer on 127.0.0.1:$port within $3 s" >&2
  return 1
}

# ---- the two brokers -----------------------------------------------------------------------------
samsa_home="$work/samsa"
mkdir -p "$samsa_home"
tar -xzf "$(tarball)" -C "$samsa_home" --strip-components=1
# An install step, as formatting Kafka's storage is: record Samsa's class-data archive once.
JAVA_HOME="$JAVA_HOME" "$samsa_home/bin/samsa-server.sh" --prepare

start_kafka() { # dir port -> sets broker_pid, launch_ns
  local dir="$1" port="$2" controller=$(( $2 + 1 )) cluster_id
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${controller}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dir}/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  # Formatting the storage is an install step (kafka-storage.sh format), not part of start-up.
  cluster_id="$("$java" -cp "$kafka_cp" $tool_log kafka.tools.StorageTool random-uuid | tail -n 1)"
  "$java" -cp "$kafka_cp" $tool_log kafka.tools.StorageTool format --standalone -t "$cluster_id" \
    -c "$dir/server.properties" >"$dir/format.log" 2>&1
  launch_ns="$(date +%s%N)"
  # The JVM options kafka-server-start.sh uses by default.
  ( cd "$dir" && exec "$java" $kafka_heap_opts -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -cp "$kafka_cp" kafka.Kafka "$dir/server.properties" ) >"$dir/broker.log" 2>&1 &
  broker_pid=$!
}

start_samsa() { # dir port -> sets broker_pid, launch_ns
  local dir="$1" port="$2"
  launch_ns="$(date +%s%N)"
  # The distribution's start script execs java, so $! is the broker JVM's PID.
  ( cd "$dir" && if [ -n "$samsa_heap_opts" ]; then export SAMSA_HEAP_OPTS="$samsa_heap_opts"; fi \
      && exec "$samsa_home/bin/samsa-server.sh" "$samsa_home/config/server.properties" \
      --override "listeners=PLAINTEXT://127.0.0.1:$port" --override "log.dirs=$dir/data" \
      --override group.initial.rebalance.delay.ms=0 ) >"$dir/broker.log" 2>&1 &
  broker_pid=$!
}

# ---- one session: start a broker, run every workload, record, stop -------------------------------
session() { # broker name(run-N|warmup) -> writes $results/<name>-<broker>.properties
  local broker="$1" name="$2"
  local dir="$work/$name-$broker" port bootstrap ready_ns out="$results/$name-$broker.properties"
  mkdir -p "$dir"
  local busy0 own0 began; busy0="$(machine_busy_ticks)"; own0="$(own_ticks)"; began="$(date +%s%N)"
  port="$(free_port)"; bootstrap="127.0.0.1:$port"
  log "$name: $broker on $bootstrap"
  "start_$broker" "$dir" "$port"
  ready_ns="$(wait_ready "$broker_pid" "$port" 120)" || { tail -n 30 "$dir/broker.log" >&2; return 1; }
  local exe; exe="$(readlink "/proc/$broker_pid/exe")"
  [[ "$exe" == */java ]] || { echo "run.sh: PID $broker_pid is $exe, not the broker JVM" >&2; return 1; }
  {
    echo "broker=$broker"
    echo "startup.seconds=$(awk -v a="$launch_ns" -v b="$ready_ns" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  } >"$out"
  log "  started in $(sed -n 's/^startup.seconds=//p' "$out") s (pid $broker_pid)"

  tool 120 "$dir/topics.out" -cp "$tools_cp" io.samsa.benchmarks.CreateTopics "$bootstrap" \
    warmup-p1:1 warmup-p8:8 acks1-p1:1 acks1-p8:8 acksall-p1:1 acksall-p8:8 latency:1 e2e:1

  # JIT warm-up inside this broker JVM, not measured: every request shape the workloads send
  # (acks=1 and acks=all, 1 and 8 partitions, a group consumer), so that the per-request code is
  # compiled before measuring (else the compiler threads take much of the first rows' CPU).
  local shape
  for shape in 1:p1 all:p1 1:p8 all:p8; do
    tool 300 "$dir/warmup-${shape/:/-}.out" -cp "$tools_cp" org.apache.kafka.tools.ProducerPerformance \
      --bootstrap-server "$bootstrap" --topic "warmup-${shape#*:}" --num-records "$warmup_records" \
      --record-size "$record_size" --throughput -1 --command-property "acks=${shape%%:*}" || true
  done
  tool 300 "$dir/warmup-consume.out" -cp "$tools_cp" org.apache.kafka.tools.ConsumerPerformance \
    --bootstrap-server "$bootstrap" --topic warmup-p8 --num-records "$((2 * warmup_records))" --timeout 30000 \
    --group bench-warmup --hide-header || true

  local cpu0 cpu1 cpu2 w acks line bytes produced_bytes=0 client_cpu=0 produce_ns=0 began_ns
  cpu0="$(cpu_seconds "$broker_pid")"
  for w in acks1-p1 acks1-p8 acksall-p1 acksall-p8; do
    acks="${w%%-*}"; acks="${acks#acks}"
    settle
    began_ns="$(date +%s%N)"
    if tool 600 "$dir/produce-$w.out" -cp "$tools_cp" org.apache.kafka.tools.ProducerPerformance \
        --bootstrap-server "$bootstrap" --topic "$w" --num-records "$produce_records" \
        --record-size "$record_size" --throughput -1 --command-property "acks=$acks"; then
      client_cpu="$(awk -v a="$client_cpu" -v b="$tool_cpu" 'BEGIN { print a + b }')"
      produce_ns=$((produce_ns + $(date +%s%N) - began_ns))
      # "N records sent, R records/sec (M MB/sec), ... ms 50th, ..." (the final summary line)
      line="$(grep '50th' "$dir/produce-$w.out" | tail -n 1 || true)"
      echo "produce.$w.records_per_sec=$(sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p' <<<"$line")" >>"$out"
      echo "produce.$w.mb_per_sec=$(sed -n 's/.*records\/sec (\([0-9.]*\) MB\/sec).*/\1/p' <<<"$line")" >>"$out"
      echo "produce.$w.p99_ms=$(sed -n 's/.* \([0-9]*\) ms 99th.*/\1/p' <<<"$line")" >>"$out"
      produced_bytes=$((produced_bytes + produce_records * record_size))
      log "  produce $w: $(sed -n 's/^[0-9]* records sent, \([0-9.]*\) records\/sec (\([0-9.]*\) MB\/sec).*/\1 rec\/s, \2 MB\/s/p' <<<"$line")"
    fi
  done
  cpu1="$(cpu_seconds "$broker_pid")"
  if [ "$produced_bytes" -gt 0 ]; then
    echo "cpu.produce_s_per_gb=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$produced_bytes" 'BEGIN { printf "%.3f", (b - a) / (n / 1e9) }')" >>"$out"
    # The producer tool's own CPU (JVM start and JIT included) and how much of the machine the
    # broker and the tool together kept busy: near 100% means the rows are bounded by the cores.
    echo "cpu.client_produce_s_per_gb=$(awk -v c="$client_cpu" -v n="$produced_bytes" 'BEGIN { printf "%.3f", c / (n / 1e9) }')" >>"$out"
    echo "cpu.produce_machine_pct=$(awk -v a="$cpu0" -v b="$cpu1" -v c="$client_cpu" -v t="$produce_ns" \
        -v n="$(nproc)" 'BEGIN { printf "%.1f", 100 * (b - a + c) / (n * t / 1e9) }')" >>"$out"
  fi

  # Kafka's ConsumerPerformance in a group of its own: fetch.MB.sec is the rate once the group has
  # formed (MB.sec includes joining the group, which depends on the group protocol's timing). A
  # read of 500 MB takes about a second, most of it the consumer's own work, so one read swings by
  # +-20% from run to run: each topic is read $consume_passes times (a new group each) and the run
  # records the median pass.
  local consumed_bytes=0 consumer_cpu=0 pass rates
  settle
  for w in acks1-p1 acks1-p8; do
    rates=()
    for ((pass = 1; pass <= consume_passes; pass++)); do
      if tool 300 "$dir/consume-$w-$pass.out" -cp "$tools_cp" org.apache.kafka.tools.ConsumerPerformance \
          --bootstrap-server "$bootstrap" --topic "$w" --num-records "$produce_records" --timeout 30000 \
          --group "bench-$w-$pass" --hide-header; then
        # start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        line="$(grep -E '^[0-9]{4}-' "$dir/consume-$w-$pass.out" | tail -n 1 || true)"
        [ -n "$line" ] || continue
        rates+=("$(awk -F', *' '{ print $9 " " $10 }' <<<"$line")")
        bytes="$(awk -F', *' '{ printf "%.0f", $3 * 1048576 }' <<<"$line")"
        consumed_bytes=$((consumed_bytes + ${bytes:-0}))
        consumer_cpu="$(awk -v a="$consumer_cpu" -v b="$tool_cpu" 'BEGIN { print a + b }')"
        log "  consume $w pass $pass: $(awk -F', *' '{ print $9 }' <<<"$line") MB/s (group joined in $(awk -F', *' '{ print $7 }' <<<"$line") ms)"
      fi
    done
    if [ "${#rates[@]}" -gt 0 ]; then
      line="$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')"
      echo "consume.$w.mb_per_sec=${line%% *}" >>"$out"
      echo "consume.$w.records_per_sec=${line##* }" >>"$out"
    fi
  done
  cpu2="$(cpu_seconds "$broker_pid")"
  if [ "$consumed_bytes" -gt 0 ]; then
    echo "cpu.consume_s_per_gb=$(awk -v a="$cpu1" -v b="$cpu2" -v n="$consumed_bytes" 'BEGIN { printf "%.3f", (b - a) / (n / 1e9) }')" >>"$out"
    echo "cpu.client_consume_s_per_gb=$(awk -v c="$consumer_cpu" -v n="$consumed_bytes" 'BEGIN { printf "%.3f", c / (n / 1e9) }')" >>"$out"
  fi

  settle
  if tool $((latency_seconds + 120)) "$dir/latency.out" -cp "$tools_cp" io.samsa.benchmarks.LatencyAtRate \
      "$bootstrap" latency "$latency_rate" "$latency_seconds" "$record_size" all; then
    line="$(grep '^records=' "$dir/latency.out" | tail -n 1 || true)"
    for q in p50_ms p99_ms p999_ms max_ms avg_ms; do
      echo "latency.$q=$(sed -n "s/.*[ ]$q=\([0-9.]*\).*/\1/p" <<<"$line")" >>"$out"
    done
    log "  latency at $latency_rate rec/s: $line"
  fi

  # Kafka's EndToEndLatency: one record in flight (acks=all), whole-millisecond percentiles. It
  # sets a group.id and commits once at the end; on a broker without consumer groups that last
  # step fails after the results are printed, so the printed results count either way.
  tool --may-fail 300 "$dir/e2e.out" -cp "$tools_cp" org.apache.kafka.tools.EndToEndLatency \
      --bootstrap-server "$bootstrap" --topic e2e --num-records "$e2e_records" --producer-acks all \
      --record-size "$record_size" || true
  if grep -q "^Avg latency:" "$dir/e2e.out"; then
    echo "e2e.avg_ms=$(sed -n 's/^Avg latency: \([0-9.]*\) ms.*/\1/p' "$dir/e2e.out")" >>"$out"
    echo "e2e.p99_ms=$(sed -n 's/.*99th = \([0-9]*\),.*/\1/p' "$dir/e2e.out")" >>"$out"
    log "  EndToEndLatency: $(grep -E '^(Avg|Percentiles)' "$dir/e2e.out" | tr '\n' ' ')"
  else
    log "  EndToEndLatency printed no result (see $dir/e2e.out)"
  fi

  echo "rss.peak_mib=$(peak_rss_mib "$broker_pid")" >>"$out"
  stop_pid "$broker_pid" 30; broker_pid=""
  local busy1 own1; busy1="$(machine_busy_ticks)"; own1="$(own_ticks)"
  echo "other.cpu_pct=$(awk -v b0="$busy0" -v b1="$busy1" -v o0="$own0" -v o1="$own1" -v t0="$began" -v t1="$(date +%s%N)" \
      -v hz="$clk_tck" -v n="$(nproc)" 'BEGIN { v = 100 * ((b1 - b0) - (o1 - o0)) / (hz * n * (t1 - t0) / 1e9); printf "%.1f", v < 0 ? 0 : v }')" >>"$out"
  log "  other processes used $(sed -n 's/^other.cpu_pct=//p' "$out")% of the machine during this run"
  [ "$keep" = 1 ] || rm -rf "$dir/data"
}

started="$(date +%s)"
log "Samsa $samsa_version vs Apache Kafka $kafka_version; JDK $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p'); $runs run(s) each$([ "$warmup_round" = 1 ] && echo ' after a warm-up round')"
if [ "$warmup_round" = 1 ]; then
  session kafka warmup
  session samsa warmup
fi
for ((i = 1; i <= runs; i++)); do
  session kafka "run-$i"
  session samsa "run-$i"
done
elapsed=$(( $(date +%s) - started ))

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
mem_gib="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
fs="$(df -PT "$work" | awk 'NR == 2 { print $2 " on " $1 }')"
{
  echo "date=$(date '+%Y-%m-%d %H:%M %Z')"
  echo "machine=$(nproc) cores ($cpu_model), $mem_gib GiB RAM, $(uname -sr), data on $fs"
  echo "software=Apache Kafka $kafka_version (KRaft, single node, jars from Maven Central), Samsa $samsa_version ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')), both on JDK $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')"
  echo "setup=127.0.0.1, heap: Kafka $kafka_heap_opts, Samsa ${samsa_heap_opts:-$samsa_default_heap}, a fresh data directory per run on the same filesystem, default durability of each (page cache, no fsync per write); Kafka with kafka-server-start.sh's JVM options, Samsa with its bin/samsa-server.sh"
  echo "workloads=produce: Kafka's ProducerPerformance, $produce_records records of $record_size B per row, unthrottled, producer defaults otherwise; consume: the acks=1 topics read back from offset 0 by Kafka's ConsumerPerformance (one consumer in a new group; fetch MB/s, after the group formed; median of $consume_passes reads per run); latency: $((latency_rate * latency_seconds)) records at $latency_rate/s (io.samsa.benchmarks.LatencyAtRate, acks=all, linger.ms=0) and Kafka's EndToEndLatency ($e2e_records records, acks=all)"
  echo "method=$runs run(s) per broker, alternating Kafka and Samsa$([ "$warmup_round" = 1 ] && echo ', after a discarded warm-up round'); each run warms its broker first with $warmup_records records per produce shape (acks=1/all x 1/8 partitions) and a group consumer reading $((2 * warmup_records)) of them; dirty pages written back (sync) before each produce row, the consume reads and the latency rows; whole run took $((elapsed / 60)) min $((elapsed % 60)) s"
} >"$results/meta.properties"

suffix=""; if [ "$quick" = 1 ]; then suffix="-quick"; fi
report="$target/results-$stamp$suffix.md"
"$java" -cp "$tools_cp" io.samsa.benchmarks.Report "$results" >"$report"
cat "$report"
log "written to $report (run took $((elapsed / 60)) min $((elapsed % 60)) s)"
