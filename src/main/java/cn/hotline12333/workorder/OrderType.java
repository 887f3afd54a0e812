package cn.hotline12333.workorder;

/**
 * A kind of work order and the deadline promised for it, from {@code work-order-types.yaml}.
 *
 * @param code        the type's key in the file and the API ({@code wage_arrears})
 * @param name        what agents and reports call it (欠薪投诉)
 * @param workingDays the deadline, counted from the day after acceptance
 * @param department  who handles it by default (劳动保障监察), or null
 */
public record OrderType(String code, String name, int workingDays, String department) {
}
