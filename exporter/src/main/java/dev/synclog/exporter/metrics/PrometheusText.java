package dev.synclog.exporter.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;

/**
 * Writes OpenTelemetry metric data in the Prometheus text exposition format (version 0.0.4), naming metrics the
 * way OpenTelemetry's Prometheus compatibility rules do: dots become underscores, the unit becomes a suffix
 * ({@code s} → {@code _seconds}, {@code By} → {@code _bytes}, {@code {row}} → nothing), monotonic sums get
 * {@code _total}.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^a-zA-Z0-9_:]");
    private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    private PrometheusText() {
    }

    public static String format(Collection<MetricData> metrics) {
        StringBuilder out = new StringBuilder();
        for (MetricData metric : metrics) {
            switch (metric.getType()) {
                case LONG_GAUGE -> family(out, metric, "gauge", metric.getLongGaugeData().getPoints());
                case DOUBLE_GAUGE -> family(out, metric, "gauge", metric.getDoubleGaugeData().getPoints());
                case LONG_SUM -> family(out, metric, metric.getLongSumData().isMonotonic() ? "counter" : "gauge",
                        metric.getLongSumData().getPoints());
                case DOUBLE_SUM -> family(out, metric, metric.getDoubleSumData().isMonotonic() ? "counter" : "gauge",
                        metric.getDoubleSumData().getPoints());
                case HISTOGRAM -> histogram(out, metric);
                default -> {
                    // Summaries and exponential histograms: the exporter records neither.
                }
            }
        }
        return out.toString();
    }

    /** The Prometheus name of an OpenTelemetry metric of the given Prometheus type. */
    public static String name(MetricData metric, String type) {
        String name = INVALID_NAME_CHARS.matcher(metric.getName()).replaceAll("_");
        String unit = unitSuffix(metric.getUnit());
        if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
            name += "_" + unit;
        }
        return type.equals("counter") ? name + "_total" : name;
    }

    private static String unitSuffix(String unit) {
        if (unit == null || unit.isEmpty() || unit.startsWith("{")) {
            return "";
        }
        return switch (unit) {
            case "s" -> "seconds";
            case "ms" -> "milliseconds";
            case "By" -> "bytes";
            case "1" -> "ratio";
            default -> INVALID_LABEL_CHARS.matcher(unit).replaceAll("_").toLowerCase(Locale.ROOT);
        };
    }

    private static void family(StringBuilder out, MetricData metric, String type,
                               Collection<? extends PointData> points) {
        String name = name(metric, type);
        header(out, metric, name, type);
        for (PointData point : points) {
            sample(out, name, point.getAttributes(), null, value(point));
        }
    }

    private static void histogram(StringBuilder out, MetricData metric) {
        String name = name(metric, "histogram");
        header(out, metric, name, "histogram");
        for (HistogramPointData point : metric.getHistogramData().getPoints()) {
            List<Double> bounds = point.getBoundaries();
            List<Long> counts = point.getCounts();
            long cumulative = 0;
            for (int i = 0; i < counts.size(); i++) {
                cumulative += counts.get(i);
                String le = i < bounds.size() ? number(bounds.get(i)) : "+Inf";
                sample(out, name + "_bucket", point.getAttributes(), le, Long.toString(cumulative));
            }
            sample(out, name + "_sum", point.getAttributes(), null, number(point.getSum()));
            sample(out, name + "_count", point.getAttributes(), null, Long.toString(point.getCount()));
        }
    }

    private static void header(StringBuilder out, MetricData metric, String name, String type) {
        if (!metric.getDescription().isEmpty()) {
            out.append("# HELP ").append(name).append(' ')
                    .append(metric.getDescription().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        }
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Attributes attributes, String le, String value) {
        out.append(name);
        if (!attributes.isEmpty() || le != null) {
            StringBuilder labels = new StringBuilder();
            attributes.forEach((key, v) -> label(labels, INVALID_LABEL_CHARS.matcher(key.getKey()).replaceAll("_"),
                    String.valueOf(v)));
            if (le != null) {
                label(labels, "le", le);
            }
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static void label(StringBuilder labels, String name, String value) {
        if (labels.length() > 0) {
            labels.append(',');
        }
        labels.append(name).append("=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }

    private static String value(PointData point) {
        if (point instanceof LongPointData l) {
            return Long.toString(l.getValue());
        }
        return number(((DoublePointData) point).getValue());
    }

    private static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(d);
    }
}
