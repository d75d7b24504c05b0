package io.cachegate.cache.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The compact binary form of a {@link CacheEntry}, as stored in the entry's {@code v}
 * field: a format byte, the status, times in milliseconds, key material, tags and headers
 * as length-prefixed UTF-8, then the body bytes as they are. No JSON and no base64: a hit
 * decodes in a few microseconds and the body is copied once.
 */
final class EntryCodec {

	/**
	 * Format 2 adds the stale retention after the body (the fields before it keep their
	 * places: the admin scan script reads the key material at a fixed offset); format 1
	 * entries are read with none.
	 */
	private static final int FORMAT = 2;

	private static final int FORMAT_WITHOUT_RETENTION = 1;

	private EntryCodec() {
	}

	static byte[] encode(CacheEntry entry) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body().length + 256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeShort(entry.status());
			out.writeLong(entry.storedAt().toEpochMilli());
			out.writeLong(entry.freshness().toMillis());
			out.writeLong(entry.staleWhileRevalidate().toMillis());
			out.writeLong(entry.staleIfError().toMillis());
			out.writeUTF(entry.keyMaterial());
			out.writeShort(entry.tags().size());
			for (String tag : entry.tags()) {
				out.writeUTF(tag);
			}
			out.writeShort(entry.headers().size());
			for (CacheEntry.Header header : entry.headers()) {
				out.writeUTF(header.name());
				out.writeUTF(header.value());
			}
			out.writeInt(entry.body().length);
			out.write(entry.body());
			out.writeLong(entry.staleRetention().toMillis());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static CacheEntry decode(byte[] encoded) {
		try {
			Reader in = new Reader(encoded);
			int format = in.unsignedByte();
			if (format != FORMAT && format != FORMAT_WITHOUT_RETENTION) {
				throw new IllegalArgumentException("Unknown cache entry format " + format);
			}
			int status = in.unsignedShort();
			Instant storedAt = Instant.ofEpochMilli(in.longValue());
			Duration freshness = Duration.ofMillis(in.longValue());
			Duration swr = Duration.ofMillis(in.longValue());
			Duration sie = Duration.ofMillis(in.longValue());
			String material = in.text();
			int tagCount = in.unsignedShort();
			List<String> tags = new ArrayList<>(tagCount);
			for (int i = 0; i < tagCount; i++) {
				tags.add(in.text());
			}
			int headerCount = in.unsignedShort();
			List<CacheEntry.Header> headers = new ArrayList<>(headerCount);
			for (int i = 0; i < headerCount; i++) {
				headers.add(new CacheEntry.Header(in.text(), in.text()));
			}
			byte[] body = in.bytes(in.intValue());
			Duration retention = format == FORMAT ? Duration.ofMillis(in.longValue()) : Duration.ZERO;
			return new CacheEntry(status, headers, body, storedAt, freshness, swr, sie, material, tags, retention);
		}
		catch (IndexOutOfBoundsException | IOException ex) {
			throw new IllegalArgumentException("Corrupt cache entry", ex);
		}
	}

	private static final int RECENT_TEXT_SLOTS = 8192;

	/**
	 * The strings a thread decoded last, one per slot of their hash: the entries of hot
	 * keys and the header names and values most answers share decode to the same strings
	 * every time, so they are made once per thread (they were most of a Redis hit's
	 * decoding allocation). A string is immutable and compared in full before it is
	 * reused, so a remembered one is always right.
	 */
	private static final ThreadLocal<String[]> RECENT_TEXT = ThreadLocal
		.withInitial(() -> new String[RECENT_TEXT_SLOTS]);

	/**
	 * Reads what {@link DataOutputStream} wrote, straight from the array: a hit decodes
	 * every entry it serves from Redis, and a {@link DataInputStream} allocated its own
	 * buffers and a {@code char[]} per string. Strings of ASCII bytes (every header name,
	 * nearly every value) are taken from the thread's recent strings or made in one copy;
	 * others are decoded as {@link DataInputStream#readUTF} decodes them.
	 */
	private static final class Reader {

		private final byte[] bytes;

		private final String[] recentText = RECENT_TEXT.get();

		private int position;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		int unsignedByte() {
			return bytes[take(1)] & 0xFF;
		}

		int unsignedShort() {
			int at = take(2);
			return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
		}

		int intValue() {
			int at = take(4);
			return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
					| (bytes[at + 3] & 0xFF);
		}

		long longValue() {
			long high = intValue() & 0xFFFFFFFFL;
			return (high << 32) | (intValue() & 0xFFFFFFFFL);
		}

		byte[] bytes(int length) {
			if (length < 0) {
				throw new IndexOutOfBoundsException("Negative length " + length);
			}
			int at = take(length);
			return Arrays.copyOfRange(bytes, at, at + length);
		}

		String text() throws IOException {
			int length = unsignedShort();
			int at = take(length);
			int hash = 0;
			for (int i = at; i < at + length; i++) {
				byte b = bytes[i];
				if (b < 0) {
					return modifiedUtf8(at - 2, length + 2);
				}
				hash = 31 * hash + b;
			}
			// An ASCII string's hash code is the one computed above.
			int slot = (hash ^ (hash >>> 16)) & (RECENT_TEXT_SLOTS - 1);
			String known = recentText[slot];
			if (known != null && known.hashCode() == hash && sameAscii(known, at, length)) {
				return known;
			}
			String made = new String(bytes, at, length, StandardCharsets.ISO_8859_1);
			recentText[slot] = made;
			return made;
		}

		private boolean sameAscii(String text, int at, int length) {
			if (text.length() != length) {
				return false;
			}
			for (int i = 0; i < length; i++) {
				if (text.charAt(i) != bytes[at + i]) {
					return false;
				}
			}
			return true;
		}

		private String modifiedUtf8(int offset, int length) throws IOException {
			return new DataInputStream(new ByteArrayInputStream(bytes, offset, length)).readUTF();
		}

		private int take(int count) {
			int at = position;
			Objects.checkFromIndexSize(at, count, bytes.length);
			position = at + count;
			return at;
		}

	}

}
