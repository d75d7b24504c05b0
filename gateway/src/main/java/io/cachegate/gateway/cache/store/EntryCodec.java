package io.cachegate.gateway.cache.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			int format = in.readUnsignedByte();
			if (format != FORMAT && format != FORMAT_WITHOUT_RETENTION) {
				throw new IllegalArgumentException("Unknown cache entry format " + format);
			}
			int status = in.readUnsignedShort();
			Instant storedAt = Instant.ofEpochMilli(in.readLong());
			Duration freshness = Duration.ofMillis(in.readLong());
			Duration swr = Duration.ofMillis(in.readLong());
			Duration sie = Duration.ofMillis(in.readLong());
			String material = in.readUTF();
			int tagCount = in.readUnsignedShort();
			List<String> tags = new ArrayList<>(tagCount);
			for (int i = 0; i < tagCount; i++) {
				tags.add(in.readUTF());
			}
			int headerCount = in.readUnsignedShort();
			List<CacheEntry.Header> headers = new ArrayList<>(headerCount);
			for (int i = 0; i < headerCount; i++) {
				headers.add(new CacheEntry.Header(in.readUTF(), in.readUTF()));
			}
			byte[] body = new byte[in.readInt()];
			in.readFully(body);
			Duration retention = format == FORMAT ? Duration.ofMillis(in.readLong()) : Duration.ZERO;
			return new CacheEntry(status, headers, body, storedAt, freshness, swr, sie, material, tags, retention);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Corrupt cache entry", ex);
		}
	}

}
