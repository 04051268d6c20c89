package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;

/**
 * /sys/module/NAME (kernel/module/sysfs.c, kernel/params.c): initstate, refcnt, coresize, initsize,
 * taint, version, holders/ and parameters/ with the kernfs permission rules (a file without a read
 * or write bit refuses that open even for root; others are never writable). 2.6.32's
 * modinfo_attrs[] (kernel/module.c) were only version, srcversion, initstate and refcnt: no
 * coresize, initsize or taint. Deliberate difference: no sections/ and notes/ (the model's modules
 * have no ELF sections), and no srcversion (module files carry none). Pure.
 */
final class ModuleSysfs {
  private final ModuleDefinition def;
  private final Era era;
  private final String root;

  ModuleSysfs(ModuleDefinition def, Era era) {
    this.def = def;
    this.era = era;
    this.root = "/sys/module/" + def.name();
  }

  FileReply handle(
      FileRequest request,
      ModuleState state,
      long refcount,
      List<String> holders,
      Set<Taint> taints,
      Map<String, List<ParamValue>> params,
      List<LogLine> log) {
    String path = request.path();
    if (path.equals(root)) {
      return list(request, rootEntries());
    }
    String rest = path.startsWith(root + "/") ? path.substring(root.length() + 1) : "";
    if (rest.equals("holders")) {
      return list(request, holders);
    }
    if (rest.startsWith("holders/") && holders.contains(rest.substring(8))) {
      return new FileReply.Failed(Errno.EISDIR, true);
    }
    if (rest.equals("parameters") && hasParameterDir()) {
      List<String> names = new ArrayList<>();
      for (ParamSpec param : def.params()) {
        if (param.perm() != 0) {
          names.add(param.name());
        }
      }
      return list(request, names);
    }
    if (rest.startsWith("parameters/")) {
      ParamSpec param = def.param(rest.substring(11));
      if (param != null && param.perm() != 0) {
        return parameter(request, param, params, log);
      }
      return new FileReply.Failed(Errno.ENOENT, true);
    }
    String content = attribute(rest, state, refcount, taints);
    if (content == null) {
      return new FileReply.Failed(Errno.ENOENT, true);
    }
    if (request instanceof FileRequest.Write) {
      return new FileReply.Failed(rest.equals("uevent") ? Errno.EINVAL : Errno.EACCES, true);
    }
    if (request instanceof FileRequest.List) {
      return new FileReply.Failed(Errno.ENOTDIR, true);
    }
    return new FileReply.Content(content);
  }

  private List<String> rootEntries() {
    List<String> names = new ArrayList<>();
    if (layoutAttributes()) {
      names.add("coresize");
    }
    names.add("holders");
    if (layoutAttributes()) {
      names.add("initsize");
    }
    names.add("initstate");
    if (hasParameterDir()) {
      names.add("parameters");
    }
    names.add("refcnt");
    if (layoutAttributes()) {
      names.add("taint");
    }
    names.add("uevent");
    if (def.version() != null) {
      names.add("version");
    }
    return names;
  }

  /** coresize, initsize and taint: later than 2.6.32's modinfo_attrs[]. */
  private boolean layoutAttributes() {
    return era != Era.V2_6;
  }

  private boolean hasParameterDir() {
    return def.params().stream().anyMatch(p -> p.perm() != 0);
  }

  private String attribute(String name, ModuleState state, long refcount, Set<Taint> taints) {
    if (!layoutAttributes() && List.of("coresize", "initsize", "taint").contains(name)) {
      return null;
    }
    return switch (name) {
      case "initstate" -> state.initstate() + "\n";
      case "refcnt" -> refcount + "\n";
      case "coresize" -> def.coreSize() + "\n";
      case "initsize" -> "0\n";
      case "taint" -> Taint.moduleString(taints) + "\n";
      case "uevent" -> "";
      case "version" -> def.version() == null ? null : def.version() + "\n";
      default -> null;
    };
  }

  private FileReply parameter(
      FileRequest request,
      ParamSpec param,
      Map<String, List<ParamValue>> params,
      List<LogLine> log) {
    Cred cred = request.cred();
    if (request instanceof FileRequest.List) {
      return new FileReply.Failed(Errno.ENOTDIR, true);
    }
    if (request instanceof FileRequest.Read) {
      boolean readable =
          (param.perm() & 0444) != 0 && (cred.isRoot() || (param.perm() & 0004) != 0);
      if (!readable) {
        return new FileReply.Failed(Errno.EACCES, true);
      }
      return new FileReply.Content(ModuleParams.show(param, params.get(param.name()), era) + "\n");
    }
    FileRequest.Write write = (FileRequest.Write) request;
    if ((param.perm() & 0222) == 0 || !cred.isRoot()) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    Errno error = ModuleParams.set(def.name(), param, write.data(), era, params, log);
    if (error != null) {
      return new FileReply.Failed(error, false);
    }
    return new FileReply.Written(write.data().length());
  }

  private static FileReply list(FileRequest request, List<String> names) {
    if (request instanceof FileRequest.List) {
      return new FileReply.Listing(names);
    }
    return new FileReply.Failed(Errno.EISDIR, request instanceof FileRequest.Write);
  }
}
