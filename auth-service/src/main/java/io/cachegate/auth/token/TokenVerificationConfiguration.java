package io.cachegate.auth.token;

import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;

import io.cachegate.auth.keys.SigningKey;
import io.cachegate.auth.keys.SigningKeys;

/**
 * How this service checks its own tokens on {@code /auth/accounts}: signature by one of
 * the published keys (chosen by {@code kid}, RS256 only, so {@code alg: none} and HMAC
 * tricks fail), {@code iss}, {@code aud} and a required {@code exp}. The {@code role}
 * claim becomes the authority {@code ROLE_<role>}.
 */
@Configuration(proxyBeanMethods = false)
class TokenVerificationConfiguration {

	@Bean
	ReactiveJwtDecoder jwtDecoder(SigningKeys keys, TokenProperties properties) {
		List<JWK> jwks = keys.all().stream().map(TokenVerificationConfiguration::toJwk).toList();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource((signedJwt) -> Flux.fromIterable(jwks)
				.filter((jwk) -> Objects.equals(jwk.getKeyID(), signedJwt.getHeader().getKeyID())))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(TokenProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(properties.clockSkew()),
				new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(properties.audience())),
				// JwtTimestampValidator accepts a token without exp; ours always carry
				// one, so require it.
				new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
	}

	@Bean
	Converter<Jwt, Mono<AbstractAuthenticationToken>> jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("role");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

	private static JWK toJwk(SigningKey key) {
		return new RSAKey.Builder(key.publicKey()).keyID(key.kid())
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.build();
	}

}
