package org.kmodsim.sim;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A message as the trace shows it: the outermost record by its type's name and its fields ({@code
 * LoadModule info=LoadInfo(...) cpu=0}), the records inside it by their name and their fields in
 * parentheses, reply addresses left out, recursively, in a form that is the same in every run of
 * one seed. Nothing that varies between JVMs reaches the text: no identity hash code ({@code
 * ModuleTable@6b2d0ba2}: an object without its own {@code toString} shows its class's simple name),
 * no array's {@code toString} (arrays show their elements), no hash order (sets and hash maps are
 * sorted), no lambda class name; actor refs show their names, HOCON values their text, and a {@code
 * long} component that holds an address ({@code address}, {@code addr}, {@code from}, {@code to},
 * {@code ip}) prints as the kernel prints addresses, {@code 0xffffffffc0000010}. A record that
 * writes its own {@code toString} keeps it.
 */
public final class MessageText {
  private static final int MAX_DEPTH = 12;

  private static final Set<String> ADDRESS_NAMES = Set.of("address", "addr", "from", "to", "ip");

  private MessageText() {}

  public static String of(Object message) {
    StringBuilder out = new StringBuilder();
    render(message, out, 0);
    return out.toString();
  }

  private static void render(Object value, StringBuilder out, int depth) {
    if (value == null) {
      out.append("none");
    } else if (depth > MAX_DEPTH) {
      out.append("...");
    } else if (value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Enum<?>) {
      out.append(value);
    } else if (value instanceof ActorRef<?> ref) {
      out.append(actorName(ref));
    } else if (value instanceof ConfigValue config) {
      out.append(config.render(ConfigRenderOptions.concise()));
    } else if (value instanceof Optional<?> optional) {
      render(optional.orElse(null), out, depth);
    } else if (value.getClass().isArray()) {
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        elements.add(Array.get(value, i));
      }
      list(elements, out, depth);
    } else if (value instanceof Collection<?> collection) {
      boolean ordered = !(value instanceof Set<?>) || value instanceof SortedSet<?>;
      list(ordered ? collection : sorted(collection, depth), out, depth);
    } else if (value instanceof Map<?, ?> map) {
      map(map, out, depth);
    } else if (value instanceof Record record) {
      record(record, out, depth);
    } else if (value.getClass().isSynthetic() || value.getClass().isHidden()) {
      out.append("<code>");
    } else if (ownToString(value.getClass())) {
      out.append(value);
    } else {
      out.append(value.getClass().getSimpleName());
    }
  }

  /** An actor's name; a message adapter ({@code $$a-adapter}) is known by its actor's. */
  private static String actorName(ActorRef<?> ref) {
    org.apache.pekko.actor.ActorPath path = ref.path();
    while (path.name().startsWith("$") && path.parent() != path) {
      path = path.parent();
    }
    return path.name();
  }

  private static void record(Record record, StringBuilder out, int depth) {
    Class<?> type = record.getClass();
    RecordComponent[] components = type.getRecordComponents();
    String text;
    try {
      text = record.toString();
    } catch (RuntimeException e) {
      text = "";
    }
    if (!text.startsWith(type.getSimpleName() + "[")) {
      out.append(text); // the record's own toString
      return;
    }
    // The outermost record is its type's name and its fields, the ones inside it Name(fields):
    // no record toString form (Name[field=...]) reaches a user.
    boolean top = depth == 0;
    out.append(type.getSimpleName()).append(top ? "" : "(");
    boolean first = true;
    for (RecordComponent component : components) {
      if (component.getName().equals("replyTo")) {
        continue; // a reply address: the delivery's channel already says who answers whom
      }
      out.append(top ? " " : first ? "" : ", ");
      first = false;
      out.append(component.getName()).append('=');
      Object value;
      try {
        component.getAccessor().setAccessible(true);
        value = component.getAccessor().invoke(record);
      } catch (ReflectiveOperationException | RuntimeException e) {
        out.append('?');
        continue;
      }
      if (value instanceof Long address
          && ADDRESS_NAMES.contains(component.getName())
          && address != 0) {
        out.append("0x").append(Long.toHexString(address));
      } else {
        render(value, out, depth + 1);
      }
    }
    if (!top) {
      out.append(')');
    }
  }

  private static void list(Collection<?> elements, StringBuilder out, int depth) {
    out.append('[');
    boolean first = true;
    for (Object element : elements) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      render(element, out, depth + 1);
    }
    out.append(']');
  }

  private static List<String> sorted(Collection<?> elements, int depth) {
    TreeSet<String> texts = new TreeSet<>();
    for (Object element : elements) {
      StringBuilder one = new StringBuilder();
      render(element, one, depth + 1);
      texts.add(one.toString());
    }
    return new ArrayList<>(texts);
  }

  private static void map(Map<?, ?> map, StringBuilder out, int depth) {
    Map<String, Object> entries =
        map instanceof SortedMap<?, ?> || map instanceof LinkedHashMap<?, ?>
            ? new LinkedHashMap<>()
            : new java.util.TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      StringBuilder key = new StringBuilder();
      render(e.getKey(), key, depth + 1);
      entries.put(key.toString(), e.getValue());
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      out.append(e.getKey()).append('=');
      render(e.getValue(), out, depth + 1);
    }
    out.append('}');
  }

  private static boolean ownToString(Class<?> type) {
    try {
      return type.getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
