package io.kanal.client.record;

import java.util.AbstractList;
import java.util.RandomAccess;

/** An unmodifiable list over a decoded header array: one allocation per record instead of two. */
final class HeaderList extends AbstractList<Header> implements RandomAccess {
    private final Header[] headers;

    HeaderList(Header[] headers) {
        this.headers = headers;
    }

    @Override
    public Header get(int index) {
        return headers[index];
    }

    @Override
    public int size() {
        return headers.length;
    }
}
