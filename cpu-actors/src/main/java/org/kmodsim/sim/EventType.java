package org.kmodsim.sim;

import java.util.List;

/**
 * The shape of one kind of model event: its kind, its ordered field names and a template that says
 * it in words, {@code "try_module_get({module}) = {ok}"}: each {@code {name}} is replaced by that
 * field's value ({@code {name:time}}: nanoseconds in readable units, {@link ModelEvent#time}). The
 * engine knows no kernel: the model declares its vocabulary as event types (the kernel's in its own
 * packages) and records {@link ModelEvent}s of them with {@link Sim#trace}.
 */
public final class EventType {
  private final String kind;
  private final String template;
  private final List<String> fields;
  private final long kindHash;

  private EventType(String kind, String template, List<String> fields) {
    if (kind.isEmpty() || Character.isUpperCase(kind.charAt(0))) {
      // Deliveries are known by their message type (upper case); model events are lower case.
      throw new IllegalArgumentException("a model event kind is lower case: " + kind);
    }
    this.kind = kind;
    this.template = template;
    this.fields = List.copyOf(fields);
    this.kindHash = Seeds.hash(kind);
  }

  /** An event type; {@code template} names fields as {@code {field}}. */
  public static EventType of(String kind, String template, String... fields) {
    return new EventType(kind, template, List.of(fields));
  }

  /** A kind whose events carry one free text, {@code text}: what old-style trace calls record. */
  public static EventType text(String kind) {
    return new EventType(kind, "{text}", List.of("text"));
  }

  /**
   * An event of this type with these values, one per field in order: strings, numbers (kept as
   * {@code long}), booleans, enums (their names) or lists of those.
   */
  public ModelEvent with(Object... values) {
    if (values.length != fields.size()) {
      throw new IllegalArgumentException(
          kind + " has fields " + fields + " but " + values.length + " values were given");
    }
    Object[] typed = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      typed[i] = ModelEvent.typed(kind, fields.get(i), values[i]);
    }
    return new ModelEvent(this, typed);
  }

  public String kind() {
    return kind;
  }

  /** {@link Seeds#hash} of the kind, for the trace digest: computed once per type. */
  long kindHash() {
    return kindHash;
  }

  public String template() {
    return template;
  }

  public List<String> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return kind + fields;
  }
}
