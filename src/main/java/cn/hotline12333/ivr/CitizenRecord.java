package cn.hotline12333.ivr;

import java.util.Set;

/**
 * What self-service knows about one citizen: this month's pension payment, the contribution record, the
 * unemployment benefit and the social-security card. Amounts are whole yuan. The status words are the ones
 * flows match on with {@code SayChoice}.
 */
public record CitizenRecord(Pension pension, Contributions contributions, Unemployment unemployment,
                            String cardStatus) {
    public static final Set<String> CARD_STATUSES =
            Set.of("active", "reported_lost", "in_production", "ready_for_pickup", "not_applied");

    public CitizenRecord {
        requireOneOf("card status", cardStatus, CARD_STATUSES);
    }

    /** This month's payment; {@code paidDay} is the day of the month it is (or will be) paid, 0 when none. */
    public record Pension(String status, int amount, int paidDay) {
        public static final Set<String> STATUSES = Set.of("paid", "pending", "suspended", "none");

        public Pension {
            requireOneOf("pension status", status, STATUSES);
            requireBetween("pension amount", amount, 0, Integer.MAX_VALUE);
            requireBetween("pension paid day", paidDay, 0, 31);
        }
    }

    /** Months contributed in all, and the last month paid (0/0 when none yet). */
    public record Contributions(int months, int lastPaidYear, int lastPaidMonth) {
        public Contributions {
            requireBetween("contribution months", months, 0, 12 * 80);
            requireBetween("last paid month", lastPaidMonth, months == 0 ? 0 : 1, 12);
            requireBetween("last paid year", lastPaidYear, months == 0 ? 0 : 1950, 9999);
        }
    }

    /** The monthly benefit and the months still to be paid. */
    public record Unemployment(String status, int amount, int monthsLeft) {
        public static final Set<String> STATUSES = Set.of("receiving", "ended", "pending", "none");

        public Unemployment {
            requireOneOf("unemployment status", status, STATUSES);
            requireBetween("unemployment amount", amount, 0, Integer.MAX_VALUE);
            requireBetween("unemployment months left", monthsLeft, 0, 24);
        }
    }

    private static void requireOneOf(String what, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(what + " must be one of " + allowed + ", was " + value);
        }
    }

    private static void requireBetween(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
