package cn.hotline12333.web;

import java.util.Locale;

/** What a signed-in user may do. An admin may do everything a manager may, a manager everything an agent may. */
public enum Role {
    AGENT, MANAGER, ADMIN;

    public boolean covers(Role required) {
        return ordinal() >= required.ordinal();
    }

    static Role parse(String s) {
        return Role.valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
