package dev.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw measurements run.sh collected (a TSV file) into results.md: the targets first, then one table per
 * scenario with the median, min and max of each measurement and, where baselines ran in the same run, Cairn's ratio
 * to each of them.
 *
 * <p>Input records, tab-separated, one per line:
 * <pre>
 *   meta      KEY  VALUE
 *   scenario  ID   TITLE  WHAT_IT_MEASURES
 *   value     ID   METRIC  CONTENDER  UNIT  BETTER  v1 v2 ...  (BETTER: lower|higher; values space-separated)
 *   na        ID   METRIC  CONTENDER  TEXT                   (a contender that cannot do this)
 *   ratio     ID   LABEL  METRIC_A  METRIC_B                 (derived row: median A / median B per contender)
 *   target    ID   LABEL  METRIC_A  CONTENDER_A  METRIC_B|-  CONTENDER_B|-  OP  THRESHOLD
 *   note      ID   TEXT
 * </pre>
 * Usage: {@code Report RESULTS_TSV OUT_MD}.
 */
public final class Report {

    static final List<String> CONTENDERS = List.of("cairn", "floor", "flyway");

    record Series(String metric, String contender, String unit, double[] values, String na) {
        double median() {
            double[] v = values.clone();
            Arrays.sort(v);
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(values).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(values).max().orElse(Double.NaN);
        }

        boolean measured() {
            return values.length > 0;
        }
    }

    static final class Scenario {
        final String id, title, what;
        final Map<String, Map<String, Series>> metrics = new LinkedHashMap<>(); // metric -> contender -> series
        final List<String[]> ratios = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Scenario(String id, String title, String what) {
            this.id = id;
            this.title = title;
            this.what = what;
        }

        Series series(String metric, String contender) {
            Map<String, Series> byContender = metrics.get(metric);
            return byContender == null ? null : byContender.get(contender);
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        List<String[]> targets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "meta" -> meta.put(f[1], f[2]);
                case "scenario" -> scenarios.put(f[1], new Scenario(f[1], f[2], f[3]));
                case "value" -> {
                    String raw = f.length > 6 ? f[6].trim() : "";
                    double[] values = raw.isEmpty() ? new double[0]
                            : Arrays.stream(raw.split(" +")).mapToDouble(Double::parseDouble).toArray();
                    add(scenarios.get(f[1]), new Series(f[2], f[3], f[4], values, null));
                }
                case "na" -> add(scenarios.get(f[1]), new Series(f[2], f[3], "", new double[0], f[4]));
                case "ratio" -> scenarios.get(f[1]).ratios.add(f);
                case "target" -> targets.add(f);
                case "note" -> scenarios.get(f[1]).notes.add(f[2]);
                default -> throw new IllegalArgumentException("unknown record " + f[0]);
            }
        }
        Files.writeString(Path.of(args[1]), render(meta, scenarios, targets), StandardCharsets.UTF_8);
    }

    private static void add(Scenario s, Series series) {
        s.metrics.computeIfAbsent(series.metric(), k -> new LinkedHashMap<>()).put(series.contender(), series);
    }

    static String render(Map<String, String> meta, Map<String, Scenario> scenarios, List<String[]> targets) {
        StringBuilder md = new StringBuilder();
        md.append("# Cairn benchmark results\n\n");
        md.append("Written by `bench/run.sh`; do not edit by hand. ").append(meta.getOrDefault("mode_note", ""))
                .append("\n\n");
        md.append("| | |\n|---|---|\n");
        for (var e : meta.entrySet()) {
            if (!e.getKey().equals("mode_note")) {
                md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
            }
        }
        md.append("\nEvery figure is the median of the runs named, with (min–max). Cairn ÷ baseline is the median of the "
                + "per-repetition ratios (the contenders run back to back in each repetition, in this same run); below "
                + "1× Cairn took less time. Growth and speed-up rows divide medians.\n");

        md.append("\n## Targets\n\n| Scenario | Target | Measured | Met |\n|---|---|---|---|\n");
        for (String[] t : targets) {
            Scenario s = scenarios.get(t[1]);
            md.append("| ").append(s == null ? t[1] : s.id).append(" | ").append(t[2]).append(" | ");
            Series a = s == null ? null : s.series(t[3], t[4]);
            Series b = s == null || t[5].equals("-") ? null : s.series(t[5], t[6]);
            if (a == null || !a.measured() || (!t[5].equals("-") && (b == null || !b.measured()))) {
                md.append("not measured | – |\n");
                continue;
            }
            double value = b == null ? a.median() : ratio(a, b, !t[4].equals(t[6]));
            double threshold = Double.parseDouble(t[8]);
            boolean met = switch (t[7]) {
                case "<" -> value < threshold;
                case "<=" -> value <= threshold;
                case ">" -> value > threshold;
                case ">=" -> value >= threshold;
                default -> throw new IllegalArgumentException("unknown operator " + t[7]);
            };
            md.append(b == null ? number(value) + " " + a.unit() : ratio(value)).append(" | ")
                    .append(met ? "**yes**" : "**no**").append(" |\n");
        }

        for (Scenario s : scenarios.values()) {
            md.append("\n## ").append(s.id).append(". ").append(s.title).append("\n\n").append(s.what).append("\n\n");
            boolean compared = s.metrics.values().stream().anyMatch(m -> m.containsKey("floor")
                    || m.containsKey("flyway"));
            if (compared) {
                comparison(md, s, meta);
            } else {
                plain(md, s);
            }
            for (String note : s.notes) {
                md.append("\n- ").append(note);
            }
            if (!s.notes.isEmpty()) {
                md.append("\n");
            }
        }
        return md.toString();
    }

    private static void comparison(StringBuilder md, Scenario s, Map<String, String> meta) {
        String flyway = "Flyway " + meta.getOrDefault("Flyway", "");
        md.append("| Measurement | runs | Cairn | psql floor | ").append(flyway.strip())
                .append(" | Cairn ÷ floor | Cairn ÷ Flyway |\n|---|---|---|---|---|---|---|\n");
        for (var e : s.metrics.entrySet()) {
            Map<String, Series> by = e.getValue();
            int runs = by.values().stream().mapToInt(x -> x.values().length).max().orElse(0);
            md.append("| ").append(e.getKey()).append(" | ").append(runs).append(" |");
            for (String c : CONTENDERS) {
                md.append(' ').append(cell(by.get(c))).append(" |");
            }
            Series cairn = by.get("cairn");
            // A difference of two times (S2's "added by the history") may be zero or negative: no ratio for it.
            boolean difference = e.getKey().startsWith("added by");
            for (String base : List.of("floor", "flyway")) {
                Series b = by.get(base);
                md.append(' ').append(!difference && cairn != null && cairn.measured() && b != null && b.measured()
                        ? ratio(ratio(cairn, b, true)) : "–").append(" |");
            }
            md.append('\n');
        }
        for (String[] r : s.ratios) {
            md.append("| ").append(r[2]).append(" | |");
            for (String c : CONTENDERS) {
                Series a = s.series(r[3], c), b = s.series(r[4], c);
                md.append(' ').append(a != null && a.measured() && b != null && b.measured()
                        ? ratio(a.median() / b.median()) : "–").append(" |");
            }
            md.append(" | |\n");
        }
    }

    private static void plain(StringBuilder md, Scenario s) {
        md.append("| Measurement | runs | median | min | max |\n|---|---|---|---|---|\n");
        for (var e : s.metrics.entrySet()) {
            Series x = e.getValue().get("cairn");
            if (x == null) {
                continue;
            }
            if (!x.measured()) {
                md.append("| ").append(e.getKey()).append(" | 0 | ").append(x.na() == null ? "not measured" : x.na())
                        .append(" | | |\n");
                continue;
            }
            md.append("| ").append(e.getKey()).append(" | ").append(x.values().length).append(" | ")
                    .append(number(x.median())).append(' ').append(x.unit()).append(" | ")
                    .append(number(x.min())).append(" | ").append(number(x.max())).append(" |\n");
        }
        for (String[] r : s.ratios) {
            Series a = s.series(r[3], "cairn"), b = s.series(r[4], "cairn");
            md.append("| ").append(r[2]).append(" | | ").append(a != null && a.measured() && b != null
                    && b.measured() ? ratio(a.median() / b.median()) : "–").append(" | | |\n");
        }
    }

    /**
     * A over B. Contenders measured back to back in each repetition (same number of runs) are compared pair by pair,
     * and the median of those ratios taken, so that load from elsewhere on the machine, which shifts both members of
     * a pair alike, cancels out; otherwise the ratio of the medians.
     */
    static double ratio(Series a, Series b, boolean paired) {
        if (paired && a.values().length == b.values().length && a.values().length > 1) {
            double[] r = new double[a.values().length];
            for (int i = 0; i < r.length; i++) {
                r[i] = a.values()[i] / b.values()[i];
            }
            return new Series("", "", "", r, null).median();
        }
        return a.median() / b.median();
    }

    private static String cell(Series x) {
        if (x == null) {
            return "–";
        }
        if (!x.measured()) {
            return x.na() == null ? "not measured" : x.na();
        }
        String unit = x.unit().isEmpty() ? "" : " " + x.unit();
        if (x.values().length == 1) {
            return number(x.median()) + unit;
        }
        return number(x.median()) + unit + " (" + number(x.min()) + "–" + number(x.max()) + ")";
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double v) {
        return (v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v)) + "×";
    }
}
