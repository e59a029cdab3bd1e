// param_table.cc: the built-in Postfix 3.7 parameter table (compiled from
// share/parameters.tsv at build time, see parser/tools/gen_param_table.cc) and
// name lookup over any ParamTable.
#include "param_table.h"

#include <algorithm>

#include "diag.h"

namespace postkit {

namespace {

// One generated row; string_views point at literals, so the array is
// constant-initialized and costs nothing until builtin() is first called.
struct BuiltinRow {
  std::string_view name;
  ParamType type;
  std::string_view default_value;
  bool computed;
  char time_unit;
};

constexpr BuiltinRow kBuiltinRows[] = {
#include "param_table_data.inc"
};

}  // namespace

std::string_view to_string(ParamType t) {
  switch (t) {
    case ParamType::kString:
      return "string";
    case ParamType::kRaw:
      return "raw";
    case ParamType::kBool:
      return "bool";
    case ParamType::kInt:
      return "int";
    case ParamType::kLong:
      return "long";
    case ParamType::kTime:
      return "time";
    case ParamType::kSize:
      return "size";
    case ParamType::kList:
      return "list";
  }
  return "unknown";
}

const ParamTable& ParamTable::builtin() {
  // Function-local static: built once, thread-safe, immutable afterwards.
  static const ParamTable table([] {
    std::vector<ParamSpec> specs;
    specs.reserve(std::size(kBuiltinRows));
    for (const BuiltinRow& r : kBuiltinRows)
      specs.push_back(ParamSpec{std::string(r.name), r.type, std::string(r.default_value),
                                r.computed, r.time_unit});
    return specs;
  }());
  return table;
}

ParamTable::ParamTable(std::vector<ParamSpec> specs) : specs_(std::move(specs)) {
  std::sort(specs_.begin(), specs_.end(),
            [](const ParamSpec& a, const ParamSpec& b) { return a.name < b.name; });
  // Two specs for one name would make find() ambiguous; that is a bug in
  // whoever built the table, so say which name.
  auto dup =
      std::adjacent_find(specs_.begin(), specs_.end(),
                         [](const ParamSpec& a, const ParamSpec& b) { return a.name == b.name; });
  if (dup != specs_.end())
    throw FatalError("parameter table: duplicate parameter name: " + dup->name);
}

const ParamSpec* ParamTable::find(std::string_view name) const {
  auto it = std::lower_bound(specs_.begin(), specs_.end(), name,
                             [](const ParamSpec& s, std::string_view n) { return s.name < n; });
  if (it == specs_.end() || it->name != name) return nullptr;
  return &*it;
}

}  // namespace postkit
