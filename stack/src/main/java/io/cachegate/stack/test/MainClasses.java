package io.cachegate.stack.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * What a module's architecture rules check: its own main classes, without its tests and
 * without anything that comes from a jar.
 */
public final class MainClasses {

	private MainClasses() {
	}

	/**
	 * @param rootPackage the module's root package, such as {@code io.cachegate.gateway}
	 * @return the main classes in it and below it
	 */
	public static JavaClasses of(String rootPackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages(rootPackage);
	}

}
