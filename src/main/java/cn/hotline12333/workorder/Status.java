package cn.hotline12333.workorder;

import java.util.Locale;

/** Where a work order stands: 待分派 → 已分派 → 处理中 → 已答复 → 已办结, with 退回 and 重办 (see {@link Transitions}). */
public enum Status {
    PENDING("待分派"), ASSIGNED("已分派"), IN_PROGRESS("处理中"), REPLIED("已答复"), CLOSED("已办结");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** By wire name ({@code in_progress}) or label (处理中); null when neither. */
    public static Status parse(String s) {
        for (Status st : values()) {
            if (st.wireName().equals(s) || st.label.equals(s)) {
                return st;
            }
        }
        return null;
    }

    public boolean open() {
        return this != CLOSED;
    }
}
