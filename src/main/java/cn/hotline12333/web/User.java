package cn.hotline12333.web;

/** A signed-in user of the agent desktop or the statistics pages; {@code region} scopes knowledge-base ranking. */
public record User(String name, Role role, String region) {
    public boolean may(Role required) {
        return role.covers(required);
    }
}
