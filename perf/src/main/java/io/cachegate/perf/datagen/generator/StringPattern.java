package io.cachegate.perf.datagen.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Strings shaped by a small regular-expression subset: literals, {@code \d \w \s} and
 * escaped punctuation, classes like {@code [A-Z0-9_]}, {@code .} (a letter or digit),
 * groups with alternation {@code (ab|cd)}, and the quantifiers {@code {n}},
 * {@code {n,m}}, {@code ?}, {@code *} and {@code +} (open-ended ones stop at 8). Enough
 * for codes, plates and ids; parsed once, then each draw walks the tree.
 */
final class StringPattern {

	private static final int OPEN_ENDED_MAX = 8;

	private static final String DIGITS = "0123456789";

	private static final String WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final Node root;

	private final String text;

	private int position;

	private StringPattern(String text) {
		this.text = text;
		this.root = alternatives();
		if (this.position < text.length()) {
			throw fail("unexpected '" + text.charAt(this.position) + "'");
		}
	}

	/**
	 * @throws IllegalArgumentException naming the position of what is not understood
	 */
	static StringPattern compile(String pattern) {
		return new StringPattern(pattern);
	}

	String generate(RowRandom random) {
		StringBuilder out = new StringBuilder();
		this.root.append(random, out);
		return out.toString();
	}

	private Node alternatives() {
		List<Node> choices = new ArrayList<>();
		choices.add(sequence());
		while (peek() == '|') {
			this.position++;
			choices.add(sequence());
		}
		return (choices.size() == 1) ? choices.get(0) : new Choice(choices.toArray(new Node[0]));
	}

	private Node sequence() {
		List<Node> parts = new ArrayList<>();
		while (this.position < this.text.length() && peek() != '|' && peek() != ')') {
			Node atom = atom();
			parts.add(quantified(atom));
		}
		return new Sequence(parts.toArray(new Node[0]));
	}

	private Node atom() {
		char c = this.text.charAt(this.position++);
		switch (c) {
			case '(': {
				Node inner = alternatives();
				if (peek() != ')') {
					throw fail("missing ')'");
				}
				this.position++;
				return inner;
			}
			case '[':
				return charClass();
			case '\\':
				return new OneOf(escape(false));
			case '.':
				return new OneOf(ALPHANUMERIC);
			case '{', '}', '?', '*', '+', ']':
				throw fail("'" + c + "' needs something before it, or a backslash");
			default:
				return new OneOf(String.valueOf(c));
		}
	}

	private Node charClass() {
		StringBuilder chars = new StringBuilder();
		if (peek() == '^') {
			throw fail("negated classes [^...] are not supported");
		}
		while (true) {
			if (this.position >= this.text.length()) {
				throw fail("missing ']'");
			}
			char c = this.text.charAt(this.position++);
			if (c == ']') {
				break;
			}
			if (c == '\\') {
				chars.append(escape(true));
				continue;
			}
			if (peek() == '-' && this.position + 1 < this.text.length() && this.text.charAt(this.position + 1) != ']') {
				char end = this.text.charAt(this.position + 1);
				if (end < c) {
					throw fail("range " + c + "-" + end + " is backwards");
				}
				for (char x = c; x <= end; x++) {
					chars.append(x);
				}
				this.position += 2;
			}
			else {
				chars.append(c);
			}
		}
		if (chars.length() == 0) {
			throw fail("empty class []");
		}
		return new OneOf(chars.toString());
	}

	private String escape(boolean inClass) {
		if (this.position >= this.text.length()) {
			throw fail("a backslash at the end");
		}
		char c = this.text.charAt(this.position++);
		switch (c) {
			case 'd':
				return DIGITS;
			case 'w':
				return WORD;
			case 's':
				return " ";
			default:
				if (Character.isLetterOrDigit(c)) {
					throw fail("unknown escape \\" + c + (inClass ? " in a class" : ""));
				}
				return String.valueOf(c);
		}
	}

	private Node quantified(Node atom) {
		char c = peek();
		int min;
		int max;
		switch (c) {
			case '?':
				min = 0;
				max = 1;
				break;
			case '*':
				min = 0;
				max = OPEN_ENDED_MAX;
				break;
			case '+':
				min = 1;
				max = OPEN_ENDED_MAX;
				break;
			case '{': {
				int close = this.text.indexOf('}', this.position);
				if (close < 0) {
					throw fail("missing '}'");
				}
				String body = this.text.substring(this.position + 1, close);
				try {
					int comma = body.indexOf(',');
					min = Integer.parseInt((comma < 0) ? body.strip() : body.substring(0, comma).strip());
					max = (comma < 0) ? min : body.substring(comma + 1).isBlank() ? min + OPEN_ENDED_MAX
							: Integer.parseInt(body.substring(comma + 1).strip());
				}
				catch (NumberFormatException ex) {
					throw fail("'{" + body + "}' is not {n} or {n,m}");
				}
				if (min < 0 || max < min) {
					throw fail("'{" + body + "}' needs 0 <= n <= m");
				}
				this.position = close;
				break;
			}
			default:
				return atom;
		}
		this.position++;
		return new Repeat(atom, min, max);
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
	}

	private IllegalArgumentException fail(String problem) {
		return new IllegalArgumentException(
				"pattern '" + this.text + "' at position " + (this.position + 1) + ": " + problem);
	}

	private interface Node {

		void append(RowRandom random, StringBuilder out);

	}

	private record OneOf(String chars) implements Node {

		@Override
		public void append(RowRandom random, StringBuilder out) {
			out.append((this.chars.length() == 1) ? this.chars.charAt(0)
					: this.chars.charAt(random.nextInt(this.chars.length())));
		}

	}

	private record Sequence(Node[] parts) implements Node {

		@Override
		public void append(RowRandom random, StringBuilder out) {
			for (Node part : this.parts) {
				part.append(random, out);
			}
		}

	}

	private record Choice(Node[] choices) implements Node {

		@Override
		public void append(RowRandom random, StringBuilder out) {
			this.choices[random.nextInt(this.choices.length)].append(random, out);
		}

	}

	private record Repeat(Node atom, int min, int max) implements Node {

		@Override
		public void append(RowRandom random, StringBuilder out) {
			int times = (this.min == this.max) ? this.min : this.min + random.nextInt(this.max - this.min + 1);
			for (int i = 0; i < times; i++) {
				this.atom.append(random, out);
			}
		}

	}

}
