package io.cachegate.perf.datagen;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	// Import the module's own classes from target/classes: scanning the whole class path
	// for the package takes
	// seconds, and only our classes are checked.
	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(Path.of("target/classes"));

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.cachegate.perf.datagen.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void schemaAndPipelineKnowNothingOfTargetsOrTheCommand() {
		noClasses().that()
			.resideInAnyPackage("..datagen.schema..", "..datagen.generator..", "..datagen.pipeline..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..datagen.target..")
			.check(this.classes);
		noClasses().that()
			.resideInAnyPackage("..datagen.pipeline..", "..datagen.target..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..datagen.schema..")
			.check(this.classes);
	}

	@Test
	void noFieldInjection() {
		NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(this.classes);
	}

	@Test
	void noStaticMutableState() {
		fields().that().areStatic().should().beFinal().check(this.classes);
	}

}
