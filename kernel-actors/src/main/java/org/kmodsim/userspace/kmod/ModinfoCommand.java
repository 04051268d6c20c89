package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.userspace.ModuleRepository;

/**
 * kmod's modinfo (tools/modinfo.c): {@code [-F FIELD] FILE|MODULE...}, each target a path or a
 * module name, printed through {@link Modinfo#render}. It reads module files only, no system call
 * the model has, so the whole run is here: what it prints on each stream and its exit status. Pure.
 *
 * @param field {@code -F FIELD}, or null for all fields
 */
record ModinfoCommand(String field, List<String> targets) {

  /** What a run leaves: standard output, standard error, exit status. */
  record Output(String out, String err, int status) {}

  static ModinfoCommand parse(List<String> args) {
    String field = null;
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("-F") && i + 1 < args.size()) {
        field = args.get(++i);
      } else {
        targets.add(args.get(i));
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("missing module or filename");
    }
    return new ModinfoCommand(field, List.copyOf(targets));
  }

  Output run(ModuleRepository repository, Era era) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (String target : targets) {
      ModuleRepository.Found found =
          target.contains("/") || target.contains(".")
              ? repository.file(target)
              : repository.byName(target);
      if (found == null) {
        err.append("modinfo: ERROR: Module " + target + " not found.\n");
        continue;
      }
      try {
        ModuleDefinition def = ModuleFile.parse(found.fileName(), found.text(), era);
        out.append(Modinfo.render(def, found.shownPath(), field));
      } catch (ModuleFile.ModuleFormatException e) {
        err.append("modinfo: ERROR: " + e.getMessage() + "\n");
      }
    }
    return new Output(out.toString(), err.toString(), err.isEmpty() ? 0 : 1);
  }
}
