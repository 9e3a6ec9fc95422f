package io.wattflow.replay;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A recording read in time order, one record at a time. */
public interface ReplayReader<T> extends Iterator<T>, Closeable {

    /** Reads what is left into a list (for small recordings and tests). */
    default List<T> readAll() {
        List<T> all = new ArrayList<>();
        forEachRemaining(all::add);
        return all;
    }
}
