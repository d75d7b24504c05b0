package io.cachegate.perf.datagen.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Words to pick from, read once: one per line, blank lines and {@code #} comments
 * skipped. The bundled ones ({@code first_names}, {@code last_names}, {@code cities}) mix
 * Brazilian and international entries so that accents and apostrophes reach every target.
 */
final class Dictionary {

	static final List<String> BUNDLED = List.of("first_names", "last_names", "cities");

	private final String[] words;

	private Dictionary(List<String> words) {
		this.words = words.toArray(new String[0]);
	}

	static Dictionary bundled(String name) throws IOException {
		InputStream in = Dictionary.class.getResourceAsStream("dictionaries/" + name + ".txt");
		if (in == null) {
			throw new IOException("no bundled dictionary '" + name + "'");
		}
		try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
			return read(reader, name);
		}
	}

	static Dictionary file(Path path) throws IOException {
		try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			return read(reader, path.toString());
		}
	}

	private static Dictionary read(Reader reader, String name) throws IOException {
		List<String> words = new ArrayList<>();
		BufferedReader lines = new BufferedReader(reader);
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			String word = line.strip();
			if (!word.isEmpty() && !word.startsWith("#")) {
				words.add(word);
			}
		}
		if (words.isEmpty()) {
			throw new IOException("dictionary '" + name + "' has no words");
		}
		return new Dictionary(words);
	}

	int size() {
		return this.words.length;
	}

	String word(int index) {
		return this.words[index];
	}

}
