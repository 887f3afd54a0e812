package cn.hotline12333.stats;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the keys and fields records contribute to ({@code q:40:queue-18}, {@code ah:10:Agent 1001},
 * {@code queue-18|ab}), made once per member and kept. Building them per change and hashing the new strings where the
 * changes are summed (DaySums, ApplyBatch) was about a third of the rebuild's parser threads; a kept name keeps its
 * hash, and since it is the same instance each time, the maps keyed by it find it by identity. Safe on any thread:
 * two threads may build one name at once, and either copy is right.
 */
final class KeyNames {
    /** Past this many members of one kind, names are built per use rather than kept (memory stays bounded). */
    private static final int MAX_MEMBERS = 20_000;

    private KeyNames() {
    }

    /** Keys without a member, per 15-minute slot: {@code c:40}. */
    static final class Slots {
        private final String[] names = new String[Buckets.PER_DAY];

        Slots(String prefix) {
            for (int i = 0; i < names.length; i++) {
                names[i] = prefix + i;
            }
        }

        String at(int slot) {
            return names[slot];
        }
    }

    /**
     * Keys of one kind per slot and member ({@code q:40:queue-18}), with the hourly twins of the kinds that have them
     * ({@link Buckets#hourly}: {@code ah:10:Agent 1001}), and the member itself, once.
     */
    static final class Kind {
        private static final int HOURS = Buckets.PER_DAY;
        private static final int MEMBER = HOURS + 24;

        private final String prefix;
        /** Whether this kind has hourly twins at all ({@link Buckets#HOURLY_KINDS}). */
        private final boolean hourly;
        private final ConcurrentHashMap<String, String[]> members = new ConcurrentHashMap<>();

        Kind(String prefix) {
            this.prefix = prefix;
            this.hourly = Buckets.hourly(prefix + "0:member") != null;
        }

        private String[] of(String member) {
            String[] names = member == null ? null : members.get(member);
            if (names == null) {
                names = new String[MEMBER + 1];
                names[MEMBER] = member;
                if (member != null && members.size() < MAX_MEMBERS) {
                    String[] before = members.putIfAbsent(member, names);
                    names = before != null ? before : names;
                }
            }
            return names;
        }

        /** {@code <prefix><slot>:<member>}. */
        String at(int slot, String member) {
            String[] names = of(member);
            String name = names[slot];
            if (name == null) {
                name = prefix + slot + ":" + member;
                names[slot] = name;
            }
            return name;
        }

        /** The hourly twin of {@code at(slot, member)}, as {@link Buckets#hourly} names it; null for a kind without. */
        String hour(int slot, String member) {
            if (!hourly) {
                return null;
            }
            String[] names = of(member);
            String name = names[HOURS + slot / 4];
            if (name == null) {
                name = Buckets.hourly(at(slot, member));
                names[HOURS + slot / 4] = name;
            }
            return name;
        }

        /** The member as first met: one instance for every record that names it. */
        String member(String member) {
            return of(member)[MEMBER];
        }
    }

    /** Field names made of a member and a fixed suffix ({@code queue-18|ab}), the suffixes given by index. */
    static final class Suffixed {
        private final String[] suffixes;
        private final ConcurrentHashMap<String, String[]> members = new ConcurrentHashMap<>();

        Suffixed(String... suffixes) {
            this.suffixes = suffixes;
        }

        String get(String member, int suffix) {
            if (member == null) {
                return member + suffixes[suffix];
            }
            String[] names = members.get(member);
            if (names == null) {
                names = new String[suffixes.length];
                for (int i = 0; i < names.length; i++) {
                    names[i] = member + suffixes[i];
                }
                if (members.size() < MAX_MEMBERS) {
                    String[] before = members.putIfAbsent(member, names);
                    names = before != null ? before : names;
                }
            }
            return names[suffix];
        }
    }

    /** Two-part names ({@code hotline/main}: a flow node's id), kept per first and second part. */
    static final class Pairs {
        private final String separator;
        private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> firsts = new ConcurrentHashMap<>();

        Pairs(String separator) {
            this.separator = separator;
        }

        String get(String first, String second) {
            if (first == null || second == null) {
                return first + separator + second;
            }
            ConcurrentHashMap<String, String> seconds = firsts.get(first);
            if (seconds == null && firsts.size() < MAX_MEMBERS) {
                seconds = firsts.computeIfAbsent(first, k -> new ConcurrentHashMap<>());
            }
            String name = seconds == null ? null : seconds.get(second);
            if (name == null) {
                name = first + separator + second;
                if (seconds != null && seconds.size() < MAX_MEMBERS) {
                    String before = seconds.putIfAbsent(second, name);
                    name = before != null ? before : name;
                }
            }
            return name;
        }
    }
}
