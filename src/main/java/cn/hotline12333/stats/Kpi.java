package cn.hotline12333.stats;

/**
 * One KPI figure with what it is made of. {@code value} is numerator / denominator, or null ("—") when the
 * denominator is zero: never NaN, infinity or a made-up 0 %. {@code provisional} is true while records still to
 * come (late wrap-ups, a journal replay, the FCR window) can move it.
 */
public record Kpi(Double value, long numerator, long denominator, boolean provisional) {

    public static Kpi of(long numerator, long denominator, boolean provisional) {
        return new Kpi(denominator == 0 ? null : (double) numerator / denominator, numerator, denominator, provisional);
    }
}
