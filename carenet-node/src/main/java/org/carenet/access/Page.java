package org.carenet.access;

import java.util.List;

/** One page of a longer list, newest first where the list has an order in time. */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

    public static final int MAX_SIZE = 500;

    public long totalPages() {
        return size == 0 ? 0 : (totalItems + size - 1) / size;
    }
}
