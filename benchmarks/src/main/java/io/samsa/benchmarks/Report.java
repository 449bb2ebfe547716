package io.samsa.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Turns the per-run result files written by {@code benchmarks/run.sh} into one markdown table:
 * each broker's median per row and the Samsa/Kafka ratio.
 *
 * <pre>Report RESULTS_DIR</pre>
 *
 * Reads {@code RESULTS_DIR/meta.properties} (the run's description) and
 * {@code RESULTS_DIR/run-N-kafka.properties}, {@code run-N-samsa.properties}; prints markdown.
 */
public final class Report {
  private static final String KAFKA = "kafka";
  private static final String SAMSA = "samsa";

  /** One table row: where its value comes from and how to show it. */
  private record Row(String label, String key, String unit, String better, String format, String mbKey) {
    static Row produce(String label, String name) {
      return new Row(label, "produce." + name + ".records_per_sec", "records/s (MB/s)", "higher", "%,.0f",
          "produce." + name + ".mb_per_sec");
    }

    static Row of(String label, String key, String unit, boolean higherIsBetter, String format) {
      return new Row(label, key, unit, higherIsBetter ? "higher" : "lower", format, null);
    }

    /** A row that explains the others (how busy the machine was), neither better high nor low. */
    static Row context(String label, String key, String unit, String format) {
      return new Row(label, key, unit, "context", format, null);
    }
  }

  private static final List<Row> ROWS = List.of(
      Row.produce("produce 1 KiB, acks=1, 1 partition", "acks1-p1"),
      Row.produce("produce 1 KiB, acks=1, 8 partitions", "acks1-p8"),
      Row.produce("produce 1 KiB, acks=all, 1 partition", "acksall-p1"),
      Row.produce("produce 1 KiB, acks=all, 8 partitions", "acksall-p8"),
      Row.of("consume (acks=1 data), 1 partition", "consume.acks1-p1.mb_per_sec", "MB/s", true, "%.1f"),
      Row.of("consume (acks=1 data), 8 partitions", "consume.acks1-p8.mb_per_sec", "MB/s", true, "%.1f"),
      Row.of("end-to-end latency p50 (fixed rate)", "latency.p50_ms", "ms", false, "%.2f"),
      Row.of("end-to-end latency p99 (fixed rate)", "latency.p99_ms", "ms", false, "%.2f"),
      Row.of("end-to-end latency p99.9 (fixed rate)", "latency.p999_ms", "ms", false, "%.2f"),
      Row.of("round trip, 1 record in flight (EndToEndLatency avg)", "e2e.avg_ms", "ms", false, "%.3f"),
      Row.of("broker CPU per GB produced (all 4 produce runs)", "cpu.produce_s_per_gb", "CPU-s/GB", false, "%.2f"),
      Row.of("broker CPU per GB consumed", "cpu.consume_s_per_gb", "CPU-s/GB", false, "%.2f"),
      Row.context("producer tool's CPU per GB produced (same tool for both)", "cpu.client_produce_s_per_gb", "CPU-s/GB", "%.2f"),
      Row.context("consumer tool's CPU per GB consumed (same tool for both)", "cpu.client_consume_s_per_gb", "CPU-s/GB", "%.2f"),
      Row.context("machine busy during the produce runs (broker + producer tool)", "cpu.produce_machine_pct", "% of all cores", "%.0f%%"),
      Row.of("broker peak RSS (VmHWM)", "rss.peak_mib", "MiB", false, "%,.0f"),
      Row.of("start-up: launch to first answered request", "startup.seconds", "s", false, "%.2f"));

  /** Shown per run only: how much other work shared the machine while the run went on. */
  private static final List<Row> RUN_ONLY_ROWS = List.of(
      Row.of("CPU used by other processes during the run", "other.cpu_pct", "% of machine", false, "%.0f%%"));

  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Report RESULTS_DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Properties meta = load(dir.resolve("meta.properties"));
    List<Properties> kafka = runs(dir, KAFKA);
    List<Properties> samsa = runs(dir, SAMSA);
    System.out.print(render(meta, kafka, samsa));
  }

  static String render(Properties meta, List<Properties> kafka, List<Properties> samsa) {
    StringBuilder out = new StringBuilder();
    out.append("### Samsa vs Apache Kafka, ").append(meta.getProperty("date", "?")).append("\n\n");
    for (String key : List.of("machine", "software", "setup", "workloads", "method")) {
      String value = meta.getProperty(key);
      if (value != null) {
        out.append("- ").append(key).append(": ").append(value).append('\n');
      }
    }
    out.append('\n');
    out.append(String.format(Locale.ROOT, "| workload | unit | better | Kafka (median of %d) | Samsa (median of %d) | Samsa/Kafka |%n",
        kafka.size(), samsa.size()));
    out.append("|---|---|---|---:|---:|---:|\n");
    for (Row row : ROWS) {
      double k = median(kafka, row.key());
      double s = median(samsa, row.key());
      out.append("| ").append(row.label())
          .append(" | ").append(row.unit())
          .append(" | ").append(row.better())
          .append(" | ").append(cell(row, kafka, k))
          .append(" | ").append(cell(row, samsa, s))
          .append(" | ").append(Double.isNaN(k) || Double.isNaN(s) || k == 0
              ? "n/a" : String.format(Locale.ROOT, "%.2f×", s / k))
          .append(" |\n");
    }
    out.append("\nEvery run (Kafka / Samsa, in the order they ran):\n\n");
    out.append("| workload |");
    int n = Math.max(kafka.size(), samsa.size());
    for (int i = 1; i <= n; i++) {
      out.append(" run ").append(i).append(" |");
    }
    out.append('\n').append("|---|").append("---:|".repeat(n)).append('\n');
    for (Row row : Stream.concat(ROWS.stream(), RUN_ONLY_ROWS.stream()).toList()) {
      out.append("| ").append(row.label()).append(" |");
      for (int i = 0; i < n; i++) {
        out.append(' ').append(i < kafka.size() ? value(row, kafka.get(i)) : "-")
            .append(" / ").append(i < samsa.size() ? value(row, samsa.get(i)) : "-").append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String cell(Row row, List<Properties> runs, double median) {
    if (Double.isNaN(median)) {
      return "n/a";
    }
    String text = String.format(Locale.ROOT, row.format(), median);
    if (row.mbKey() != null) {
      double mb = median(runs, row.mbKey());
      text += Double.isNaN(mb) ? "" : String.format(Locale.ROOT, " (%.1f)", mb);
    }
    return text;
  }

  private static String value(Row row, Properties run) {
    double v = number(run, row.key());
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, row.format(), v);
  }

  static double median(List<Properties> runs, String key) {
    double[] values = runs.stream().mapToDouble(p -> number(p, key)).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static double number(Properties run, String key) {
    String text = run.getProperty(key);
    if (text == null || text.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static List<Properties> runs(Path dir, String broker) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = new ArrayList<>(list
          .filter(p -> p.getFileName().toString().matches("run-\\d+-" + broker + "\\.properties"))
          .toList());
    }
    files.sort((a, b) -> Integer.compare(round(a), round(b)));
    List<Properties> result = new ArrayList<>();
    for (Path file : files) {
      result.add(load(file));
    }
    return result;
  }

  private static int round(Path file) {
    return Integer.parseInt(Arrays.asList(file.getFileName().toString().split("-")).get(1));
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
    }
    return properties;
  }
}
