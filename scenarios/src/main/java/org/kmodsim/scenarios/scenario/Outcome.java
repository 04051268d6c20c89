package org.kmodsim.scenarios.scenario;

/** The outcome of one run: the name of the rule it matched, its class and its description. */
public record Outcome(String name, OutcomeClass outcomeClass, String description) {}
