package cn.hotline12333.kb;

import java.util.Optional;

/** What 12333 handles, as the knowledge base files articles: the id is the directory and front-matter value. */
public enum Category {
    PENSION("pension", "养老保险"),
    UNEMPLOYMENT("unemployment", "失业保险"),
    WORK_INJURY("work-injury", "工伤保险"),
    MATERNITY("maternity", "生育保险"),
    CARD("card", "社会保障卡"),
    EMPLOYMENT("employment", "就业创业"),
    LABOUR_RELATIONS("labour-relations", "劳动关系"),
    WAGE_ARREARS("wage-arrears", "欠薪投诉与劳动保障监察"),
    ARBITRATION("arbitration", "劳动人事争议仲裁"),
    PERSONNEL("personnel", "人事人才"),
    RETIREMENT("retirement", "退休"),
    HOTLINE("hotline", "12333服务"),
    MEDICAL_REFERRAL("medical-referral", "医保转12393");

    private final String id;
    private final String label;

    Category(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static Optional<Category> find(String id) {
        for (Category c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
