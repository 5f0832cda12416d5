package io.pybitbot;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The functional core stays pure: the trading rules (indicators, strategies, risk rules, TP/SL rules,
 * fills, portfolio, domain types, the execution ledger) depend neither on Pekko nor on a venue, and only
 * on each other, the JDK, Jackson's annotations and the configuration layer (strategies declare their
 * parameter schemas there), which is itself free of Pekko and venues. Read from the compiled classes, so a reference
 * without an import line (same package) counts too.
 */
class PurePackagesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pybitbot");

    /** The actors that live beside pure rules in their feature's package. */
    private static final DescribedPredicate<JavaClass> ACTOR = DescribedPredicate.describe("an actor",
            c -> c.getName().startsWith("io.pybitbot.risk.actor.RiskActor") || c.getName().startsWith("io.pybitbot.tpsl.TpSlActor"));

    private static final DescribedPredicate<JavaClass> PURE = resideInAnyPackage("io.pybitbot.indicator..",
            "io.pybitbot.strategy..", "io.pybitbot.risk..", "io.pybitbot.tpsl..", "io.pybitbot.fill..",
            "io.pybitbot.portfolio..", "io.pybitbot.domain..", "io.pybitbot.ledger..")
            .and(not(ACTOR)).as("the pure core");

    /** Project types outside the pure packages that the core may use: plain records and markers (and arrays of them). */
    private static final DescribedPredicate<JavaClass> SHARED_TYPES = DescribedPredicate.describe(
            "CborSerializable or an AccountEvent",
            c -> c.getBaseComponentType().getName().equals("io.pybitbot.CborSerializable")
                    || c.getBaseComponentType().getName().startsWith("io.pybitbot.account.AccountEvent$")
                    || c.getBaseComponentType().getName().equals("io.pybitbot.account.AccountEvent"));

    @Test
    void thePureCoreImportsNeitherPekkoNorAVenue() {
        noClasses().that(PURE).should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.pekko..", "scala..", "io.pybitbot.exchange..", "io.pybitbot.rest..")
                .check(MAIN);
    }

    @Test
    void thePureCoreUsesOnlyItselfTheJdkJacksonAnnotationsAndTheConfiguration() {
        classes().that(PURE).should().onlyDependOnClassesThat(PURE.or(SHARED_TYPES)
                        .or(resideInAnyPackage("java..", "javax.annotation..", "com.fasterxml.jackson.annotation..",
                                "io.pybitbot.config..")))
                .check(MAIN);
    }

    @Test
    void theConfigurationImportsNeitherPekkoNorAVenueNorAnActor() {
        noClasses().that().resideInAPackage("io.pybitbot.config..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.pekko..", "io.pybitbot.exchange..", "io.pybitbot.rest..",
                        "io.pybitbot.execution..", "io.pybitbot.account..", "io.pybitbot.symbol..", "io.pybitbot.node..")
                .check(MAIN);
    }

    @Test
    void theSharedAccountEventsArePureToo() {
        classes().that(SHARED_TYPES).should().onlyDependOnClassesThat(PURE.or(SHARED_TYPES)
                        .or(resideInAnyPackage("java..", "com.fasterxml.jackson.annotation..")))
                .check(MAIN);
    }
}
