package cn.hotline12333.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The users who may sign in, from a YAML file of names, bcrypt password hashes and roles
 * ({@code deploy/users.example.yaml}), or the demo users of the embedded default. Passwords are checked with
 * bcrypt only; a missing user is checked against a dummy hash so that timing does not tell which names exist.
 */
public final class Users {
    /** Demo accounts of the embedded default; the README states these passwords. Never for production. */
    static final Map<String, String[]> DEMO = Map.of(
            "agent", new String[] {"agent", "agent-12333", "national"},
            "manager", new String[] {"manager", "manager-12333", "national"},
            "admin", new String[] {"admin", "admin-12333", "national"});
    private static final int DEMO_COST = 10;

    private final Map<String, Account> accounts;
    private final char[] dummyHash;

    private record Account(User user, char[] hash) {
    }

    private Users(Map<String, Account> accounts) {
        this.accounts = Map.copyOf(accounts);
        this.dummyHash = BCrypt.withDefaults().hashToChar(DEMO_COST, "dummy-password".toCharArray());
    }

    public static Users demo() {
        Map<String, Account> accounts = new LinkedHashMap<>();
        DEMO.forEach((name, v) -> accounts.put(name, new Account(new User(name, Role.parse(v[0]), v[2]),
                BCrypt.withDefaults().hashToChar(DEMO_COST, v[1].toCharArray()))));
        return new Users(accounts);
    }

    /**
     * Reads {@code users:} entries with {@code name}, {@code password_hash} (bcrypt, $2a$/$2b$/$2y$),
     * {@code role} (agent, manager, admin) and optional {@code region}. A bad file stops the start with a
     * message naming the entry.
     */
    @SuppressWarnings("unchecked")
    public static Users load(Path file) {
        Object root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read users file " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("users") instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": expected a top-level 'users:' list");
        }
        Map<String, Account> accounts = new LinkedHashMap<>();
        int i = 0;
        for (Object o : list) {
            i++;
            if (!(o instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(file + ": users entry " + i + " is not a map");
            }
            Map<String, Object> e = (Map<String, Object>) entry;
            String name = string(e.get("name"));
            String hash = string(e.get("password_hash"));
            String role = string(e.get("role"));
            if (name == null || hash == null || role == null) {
                throw new IllegalArgumentException(file + ": users entry " + i + " needs name, password_hash and role");
            }
            if (!hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException(file + ": user " + name + ": password_hash is not a bcrypt hash");
            }
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + ": user " + name + ": unknown role " + role);
            }
            String region = e.get("region") == null ? "national" : string(e.get("region"));
            if (accounts.put(name, new Account(new User(name, r, region), hash.toCharArray())) != null) {
                throw new IllegalArgumentException(file + ": user " + name + " appears twice");
            }
        }
        return new Users(accounts);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    /** Slow on purpose (bcrypt): call it from a worker thread, never an event loop. */
    public Optional<User> authenticate(String name, String password) {
        Account account = name == null ? null : accounts.get(name);
        char[] hash = account == null ? dummyHash : account.hash();
        boolean ok = BCrypt.verifyer().verify(password == null ? new char[0] : password.toCharArray(), hash).verified;
        return ok && account != null ? Optional.of(account.user()) : Optional.empty();
    }

    /**
     * The demo users (agent, manager, admin) that this file keeps with their demo passwords: a file copied from a
     * demo. At most three bcrypt checks, whatever the size of the file.
     */
    public List<String> withDemoPasswords() {
        List<String> found = new java.util.ArrayList<>();
        DEMO.forEach((name, demo) -> {
            Account account = accounts.get(name);
            if (account != null && BCrypt.verifyer().verify(demo[1].toCharArray(), account.hash()).verified) {
                found.add(name);
            }
        });
        found.sort(null);
        return found;
    }

    public Optional<User> find(String name) {
        Account account = accounts.get(name);
        return account == null ? Optional.empty() : Optional.of(account.user());
    }

    public int size() {
        return accounts.size();
    }
}
