package org.kmodsim.scenarios.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.scenario.Scenario;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;

/** The engine of {@link ScenarioTest}: one invocation per era and seed. */
final class ScenarioExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getRequiredTestMethod().isAnnotationPresent(ScenarioTest.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    ScenarioTest test = context.getRequiredTestMethod().getAnnotation(ScenarioTest.class);
    Scenario scenario = ScenarioLoader.load(test.value());
    List<String> eras = new ArrayList<>(List.of(test.eras()));
    if (eras.isEmpty()) {
      scenario.eras().forEach(era -> eras.add(era.label()));
    }
    int seeds = test.seeds() > 0 ? test.seeds() : scenario.explore().ciSeeds();
    List<TestTemplateInvocationContext> invocations = new ArrayList<>();
    for (String era : eras) {
      for (long seed = test.firstSeed(); seed < test.firstSeed() + seeds; seed++) {
        invocations.add(new Invocation(scenario, Era.parse(era), seed));
      }
    }
    return invocations.stream();
  }

  /** One run: prepared and checked before the method, then passed to it. */
  private static final class Invocation
      implements TestTemplateInvocationContext, BeforeEachCallback, ParameterResolver {
    private final Scenario scenario;
    private final Era era;
    private final long seed;
    private ScenarioRun run;

    Invocation(Scenario scenario, Era era, long seed) {
      this.scenario = scenario;
      this.era = era;
      this.seed = seed;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return scenario.name() + " @" + era.label() + " seed " + seed;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(this);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      run = ScenarioCheck.of(scenario).era(era).seeds(seed, 1).checkedRun();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == ScenarioRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return run;
    }
  }
}
