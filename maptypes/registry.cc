// registry.cc: the one table of map types (see registry.h). A type whose
// library was not found at configure time is simply absent.
#include "registry.h"

#include <algorithm>

#include "types.h"

#include "surrogate.h"
#include "utf8_dict.h"

namespace postkit {

const std::vector<MapTypeInfo>& map_types() {
  static const std::vector<MapTypeInfo> table = {
#ifdef POSTKIT_HAVE_BDB
      {"btree", open_btree, ".db", true},
      {"hash", open_hash, ".db", true},
#endif
#ifdef POSTKIT_HAVE_LMDB
      {"lmdb", open_lmdb, ".lmdb", true},
#endif
#ifdef POSTKIT_HAVE_CDB
      {"cdb", open_cdb, ".cdb", true},
#endif
      // Pattern and other types: one row each, below this line.
      {"cidr", open_cidr, "", false},
#ifdef POSTKIT_HAVE_PCRE2
      {"pcre", open_pcre, "", false},
#endif
      {"regexp", open_regexp, "", false},
      {"texthash", open_texthash, "", false},
      {"inline", open_inline, "", false},
      {"internal", open_internal, "", false, true},
      {"static", open_static, "", false, true},
      {"fail", open_fail, "", true, true},  // Postfix has mkmap_fail: postmap can "build" one
      {"environ", open_environ, "", false, true},
      {"unionmap", open_unionmap, "", false},
      {"pipemap", open_pipemap, "", false},
      {"randmap", open_randmap, "", false},
  };
  return table;
}

const MapTypeInfo* find_map_type(std::string_view type) {
  for (const MapTypeInfo& t : map_types()) {
    if (t.name == type) return &t;
  }
  return nullptr;
}

std::vector<std::string> map_type_names() {
  std::vector<std::string> names;
  for (const MapTypeInfo& t : map_types()) names.emplace_back(t.name);
  std::sort(names.begin(), names.end());
  return names;
}

bool split_map_spec(std::string_view spec, std::string_view* type, std::string_view* name) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return false;
  *type = spec.substr(0, colon);
  *name = spec.substr(colon + 1);
  return true;
}

OpenResult open_table(std::string_view spec, OpenRequest req) {
  std::string_view type, name;
  if (!split_map_spec(spec, &type, &name) || name.empty()) {
    return {Status::config("open dictionary: expecting \"type:name\" form instead of \"" +
                           std::string(spec) + "\""),
            nullptr};
  }
  const MapTypeInfo* info = find_map_type(type);
  if (info == nullptr) {
    return {Status::config("unsupported dictionary type: " + std::string(type)), nullptr};
  }
  req.type = std::string(type);
  req.name = std::string(name);
  try {
    return {Status::kOk, with_utf8_checks(info->open(req), req)};
  } catch (const FatalError& e) {
    return {Status::config(e.what()), nullptr};
  }
}

std::unique_ptr<Dict> open_table_or_surrogate(std::string_view spec, const OpenRequest& req) {
  OpenResult r = open_table(spec, req);
  if (r.dict) return std::move(r.dict);
  req.diag->warning(r.status.message());
  OpenRequest named = req;
  std::string_view type, name;
  if (split_map_spec(spec, &type, &name)) {
    named.type = std::string(type);
    named.name = std::string(name);
  } else {
    named.name = std::string(spec);
  }
  return make_surrogate(named, r.status.message());
}

std::unique_ptr<Dict> open_map(std::string_view spec, OpenRequest req) {
  OpenResult r = open_table(spec, std::move(req));
  if (!r.dict) throw FatalError(r.status.message());
  return std::move(r.dict);
}

}  // namespace postkit
