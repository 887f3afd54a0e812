package cn.hotline12333.workorder;

/** Who acts: a signed-in user's name, and whether they may act on every order (a manager or an admin). */
public record Actor(String name, boolean manager) {
}
