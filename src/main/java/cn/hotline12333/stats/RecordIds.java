package cn.hotline12333.stats;

/**
 * The records a rebuild has counted, as the 64-bit start of their digest: a plain open-addressing set of longs
 * (a million and a half records take 32 MB here against about 100 MB as boxed Longs in a HashSet). Two different
 * records share 64 bits with a chance of about 10^-7 on such a day; the seen entries in Redis use the same bits.
 */
final class RecordIds {
    private long[] slots = new long[1 << 16];
    private boolean hasZero;
    private int size;

    /** True when {@code id} was not in the set. */
    boolean add(long id) {
        if (id == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        int mask = slots.length - 1;
        int i = (int) mix(id) & mask;
        while (slots[i] != 0) {
            if (slots[i] == id) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = id;
        if (++size * 2 > slots.length) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long id : old) {
            if (id != 0) {
                int i = (int) mix(id) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = id;
            }
        }
    }

    static long mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        return v ^ (v >>> 33);
    }
}
