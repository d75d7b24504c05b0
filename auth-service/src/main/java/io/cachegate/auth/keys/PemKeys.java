package io.cachegate.auth.keys;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM PKCS#8 RSA private keys ({@code -----BEGIN PRIVATE KEY-----}), any number, in
 * order. Literal {@code \n} sequences count as line breaks, because environment files
 * often carry PEM on one line.
 */
final class PemKeys {

	private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----",
			Pattern.DOTALL);

	private PemKeys() {
	}

	/**
	 * @param pem the text; blank gives no keys
	 * @param source where the text came from, for error messages (never the text itself)
	 * @return the keys in the order they appear
	 * @throws IllegalArgumentException when the text holds something other than PKCS#8
	 * RSA private keys
	 */
	static List<RSAPrivateCrtKey> parse(String pem, String source) {
		List<RSAPrivateCrtKey> keys = new ArrayList<>();
		if (pem == null || pem.isBlank()) {
			return keys;
		}
		String text = pem.replace("\\n", "\n");
		Matcher matcher = BLOCK.matcher(text);
		int index = 0;
		while (matcher.find()) {
			index++;
			String label = matcher.group(1);
			if (!"PRIVATE KEY".equals(label)) {
				throw new IllegalArgumentException("Key " + index + " in " + source + " is a '" + label
						+ "' block; expected an unencrypted PKCS#8 'PRIVATE KEY'"
						+ " (convert with: openssl pkcs8 -topk8 -nocrypt)");
			}
			keys.add(decode(matcher.group(2), index, source));
		}
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("No '-----BEGIN PRIVATE KEY-----' block in " + source);
		}
		return keys;
	}

	private static RSAPrivateCrtKey decode(String base64, int index, String source) {
		String where = "Key " + index + " in " + source;
		PrivateKey key;
		try {
			byte[] der = Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
			key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (NoSuchAlgorithmException | InvalidKeySpecException | IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + " is not a valid RSA PKCS#8 key", ex);
		}
		if (!(key instanceof RSAPrivateCrtKey crt)) {
			throw new IllegalArgumentException(where + " lacks its CRT parts");
		}
		if (crt.getModulus().bitLength() < 2048) {
			throw new IllegalArgumentException(
					where + " has " + crt.getModulus().bitLength() + " bits; RS256 needs at least 2048");
		}
		return crt;
	}

}
