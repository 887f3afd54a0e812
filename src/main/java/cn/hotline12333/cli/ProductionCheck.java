package cn.hotline12333.cli;

import static cn.hotline12333.config.SettingKey.HOTLINE_CALLER_HASH_KEY;
import static cn.hotline12333.config.SettingKey.HOTLINE_DEMO;
import static cn.hotline12333.config.SettingKey.HOTLINE_DEMO_DATA;
import static cn.hotline12333.config.SettingKey.HOTLINE_ID_KEY;
import static cn.hotline12333.config.SettingKey.HOTLINE_PIN_PEPPER;
import static cn.hotline12333.config.SettingKey.HOTLINE_USERS;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.CallerHash;
import cn.hotline12333.ivr.CitizenSecrets;
import cn.hotline12333.store.RedisSettings;
import cn.hotline12333.web.Users;
import java.util.ArrayList;
import java.util.List;

/**
 * What only a demo may run with: the demo users, the built-in secrets, the synthetic citizens. With the embedded
 * Redis (the README's command) that is the point, and a WARN line says so; with an external Redis (REDIS_URL or
 * sentinels) real citizens' data may be there, so {@code serve} refuses to start and names every key to set,
 * unless HOTLINE_DEMO=true says a demo against that Redis is meant.
 */
final class ProductionCheck {
    private ProductionCheck() {
    }

    /** Each setting left at a demo default, as "KEY: why"; empty when none is. */
    static List<String> demoDefaults(Settings settings, RedisSettings redis, Users users) {
        List<String> found = new ArrayList<>();
        String usersFile = settings.string(HOTLINE_USERS);
        if (usersFile == null) {
            found.add("HOTLINE_USERS is unset (the demo users agent, manager, admin would sign in)");
        } else {
            for (String name : users.withDemoPasswords()) {
                found.add("HOTLINE_USERS: user " + name + " has the demo password");
            }
        }
        secret(settings, HOTLINE_ID_KEY, CitizenSecrets.DEMO_ID_KEY, found);
        secret(settings, HOTLINE_PIN_PEPPER, CitizenSecrets.DEMO_PIN_PEPPER, found);
        secret(settings, HOTLINE_CALLER_HASH_KEY, CallerHash.DEMO_KEY, found);
        if (settings.flag(HOTLINE_DEMO_DATA, redis.isEmbedded())) {
            found.add("HOTLINE_DEMO_DATA is true (synthetic citizens would be written into this Redis)");
        }
        return found;
    }

    /** Throws naming every offending key when Redis is external and no demo was asked for; else the WARN list. */
    static List<String> enforce(Settings settings, RedisSettings redis, Users users) {
        List<String> found = demoDefaults(settings, redis, users);
        if (!found.isEmpty() && !redis.isEmbedded() && !settings.flag(HOTLINE_DEMO, false)) {
            throw new IllegalArgumentException("refusing to start with demo defaults against an external Redis ("
                    + (redis.sentinels().isEmpty() ? "REDIS_URL" : "REDIS_SENTINELS") + " is set): "
                    + String.join("; ", found) + ". Set them (docs/security.md), or HOTLINE_DEMO=true for a demo.");
        }
        return found;
    }

    private static void secret(Settings settings, SettingKey key, String demo, List<String> found) {
        String value = settings.string(key);
        if (value == null) {
            found.add(key + " is unset (the built-in demo value would be used)");
        } else if (value.equals(demo)) {
            found.add(key + " is the built-in demo value");
        }
    }
}
