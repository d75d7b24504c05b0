package io.cachegate.perf.datagen.target;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import io.cachegate.perf.datagen.generator.Column;
import io.cachegate.perf.datagen.pipeline.Sink;

/**
 * CSV (with a header row naming the fields), NDJSON (one JSON object a line) or a key
 * file (one value a line, no header) to a file or stdout. Encoding happens on the
 * generator threads; the writer only copies bytes, so files are written as fast as the
 * disk takes them.
 */
public final class TextSink implements Sink<byte[]> {

	/** The line formats. */
	public enum Format {

		/** RFC 4180 with a header row. */
		CSV,
		/** Newline-delimited JSON objects. */
		NDJSON,
		/** The first column only, one value a line. */
		LINES

	}

	private final Format format;

	private final String[] names;

	private final OutputStream out;

	private final boolean closeStream;

	/**
	 * @param format line format
	 * @param columns the fields in each row
	 * @param out where to write (buffer it)
	 * @param closeStream whether {@link #close()} closes {@code out} (not for stdout)
	 */
	public TextSink(Format format, List<Column> columns, OutputStream out, boolean closeStream) throws IOException {
		this.format = format;
		this.names = columns.stream().map(Column::name).toArray(String[]::new);
		this.out = out;
		this.closeStream = closeStream;
		if (format == Format.CSV) {
			Utf8Buffer header = new Utf8Buffer(256);
			Encoding.csvRow(header, this.names);
			out.write(header.toByteArray());
		}
	}

	@Override
	public byte[] encode(long firstRow, Object[][] rows) {
		Utf8Buffer text = new Utf8Buffer(rows.length * 160);
		for (Object[] row : rows) {
			switch (this.format) {
				case CSV -> Encoding.csvRow(text, row);
				case NDJSON -> {
					Encoding.jsonObject(text, this.names, row, null);
					text.ascii('\n');
				}
				case LINES -> {
					Object value = row[0];
					if (value != null) {
						text.value(value);
					}
					text.ascii('\n');
				}
			}
		}
		return text.toByteArray();
	}

	@Override
	public void write(byte[] payload, int rowCount) throws IOException {
		this.out.write(payload);
	}

	@Override
	public void finish() throws IOException {
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		if (this.closeStream) {
			this.out.close();
		}
		else {
			this.out.flush();
		}
	}

}
