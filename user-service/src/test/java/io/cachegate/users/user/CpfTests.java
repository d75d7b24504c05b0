package io.cachegate.users.user;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CpfTests {

	@Test
	void acceptsValidPlainCpf() {
		assertThat(Cpf.normalize("52998224725")).hasValue("52998224725");
	}

	@ParameterizedTest
	@ValueSource(strings = { "11144477735", "39053344705", "00000000191", "12345678909" })
	void acceptsOtherValidCpfs(String cpf) {
		assertThat(Cpf.isValid(cpf)).isTrue();
	}

	@Test
	void acceptsFormattedCpfAndStoresDigitsOnly() {
		assertThat(Cpf.normalize("529.982.247-25")).hasValue("52998224725");
	}

	@ParameterizedTest
	@ValueSource(strings = { "52998224726", "52998224715", "529.982.247-52", "12345678900" })
	void rejectsWrongCheckDigits(String cpf) {
		assertThat(Cpf.isValid(cpf)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "00000000000", "11111111111", "555.555.555-55", "99999999999" })
	void rejectsNumbersOfOneRepeatedDigit(String cpf) {
		assertThat(Cpf.isValid(cpf)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "5299822472", "529982247250", "529.982.24725", "529-982-247.25", "5299822472a",
			" 52998224725", "52998224725\n", "５２９９８２２４７２５" })
	void rejectsMalformedInput(String cpf) {
		assertThat(Cpf.isValid(cpf)).isFalse();
	}

	@Test
	void rejectsNull() {
		assertThat(Cpf.normalize(null)).isEmpty();
	}

}
