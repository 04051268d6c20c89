package org.kmodsim.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Step;

/**
 * The layering of docs/architecture.md as rules that fail the build: the engine depends on nothing
 * else of kmodsim, the CPU and its step language on the engine only, the kernel never on user space
 * or on the command line; no package cycle anywhere; and model code (everything that runs inside a
 * simulated machine) reaches time, timers and other actors only through the engine, so that a
 * deterministic run is one delivery at a time and replays exactly.
 */
class ArchitectureTest {
  private static JavaClasses main;

  /** Model code: the packages that run inside a simulated machine, and every actor and step. */
  private static final DescribedPredicate<JavaClass> MODEL_CODE =
      resideInAnyPackage(
              "org.kmodsim.cpu..",
              "org.kmodsim.kernel..",
              "org.kmodsim.drivers..",
              "org.kmodsim.userspace..",
              "org.kmodsim.scenarios.machine..")
          .or(assignableTo(AbstractBehavior.class))
          .or(assignableTo(Step.class))
          .as("model code");

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.kmodsim");
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("org.kmodsim.(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  void theEngineDependsOnNothingElseOfKmodsim() {
    onlyOnItselfAndLibraries("org.kmodsim.sim..");
  }

  @Test
  void theCpuAndItsStepLanguageDependOnlyOnTheEngine() {
    classes()
        .that()
        .resideInAPackage("org.kmodsim.cpu..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("org.kmodsim..")
                .or(resideInAnyPackage("org.kmodsim.cpu..", "org.kmodsim.sim..")))
        .check(main);
  }

  @Test
  void theKernelDependsOnNeitherUserSpaceNorTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.kmodsim.kernel..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.kmodsim.userspace..", "org.kmodsim.scenarios..")
        .check(main);
  }

  @Test
  void driversAndUserSpaceDoNotDependOnTheCommandLine() {
    noClasses()
        .that()
        .resideInAnyPackage("org.kmodsim.drivers..", "org.kmodsim.userspace..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.kmodsim.scenarios..")
        .check(main);
  }

  @Test
  void theLoadersInternalsStayInTheLoadersPackages() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.kmodsim.kernel.module..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.kmodsim.kernel.module.ModuleInternal")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.kmodsim.kernel.module.ModuleList")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.kmodsim.kernel.module.ModuleList$Entry")
        .because("they are the loader's internal.h: public for its v24 package only")
        .check(main);
  }

  @Test
  void modelCodeSendsOnlyThroughTheEngine() {
    noClasses()
        .that(MODEL_CODE)
        .should()
        .callMethod(ActorRef.class, "tell", Object.class)
        .orShould()
        .callMethodWhere(target(AskPattern.class))
        .orShould()
        .callMethodWhere(named(ActorContext.class, "ask"))
        .orShould()
        .callMethodWhere(named(ActorContext.class, "pipeToSelf"))
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(TimerScheduler.class)
        .because("every send, ask and timer of a simulated entity goes through Sim")
        .check(main);
  }

  @Test
  void modelCodeReadsTimeOnlyFromTheEngine() {
    noClasses()
        .that(MODEL_CODE)
        .should()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethodWhere(named(Thread.class, "sleep"))
        .because("the virtual clock is Sim.nowNanos(); a simulated CPU waits with busyFor/sleepFor")
        .check(main);
  }

  private static void onlyOnItselfAndLibraries(String pkg) {
    classes()
        .that()
        .resideInAPackage(pkg)
        .should()
        .onlyDependOnClassesThat(resideOutsideOfPackage("org.kmodsim..").or(resideInAPackage(pkg)))
        .check(main);
  }

  private static DescribedPredicate<com.tngtech.archunit.core.domain.JavaMethodCall> target(
      Class<?> owner) {
    return DescribedPredicate.describe(
        "a method of " + owner.getSimpleName(),
        call -> call.getTargetOwner().isEquivalentTo(owner));
  }

  private static DescribedPredicate<com.tngtech.archunit.core.domain.JavaMethodCall> named(
      Class<?> owner, String name) {
    return DescribedPredicate.describe(
        owner.getSimpleName() + "." + name,
        call -> call.getTargetOwner().isAssignableTo(owner) && call.getName().equals(name));
  }
}
