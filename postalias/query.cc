// query.cc: postalias -q (one key, or keys from standard input with "-q -"),
// -s (list) and -d (delete), with Postfix 3.7's output: "-q KEY" prints the
// value, "-q -" and -s print "key:<TAB>value"; -q and -d exit 0 when
// something was found; -s lists the first table only.
#include <iostream>
#include <memory>

#include "postalias.h"
#include "registry.h"
#include "table_error.h"

namespace postkit::postalias {
namespace {

std::unique_ptr<Dict> open_table(const Context& ctx, const std::string& operand, OpenMode mode) {
  std::string type, name;
  split_operand(ctx, operand, &type, &name);
  OpenRequest req;
  req.mode = mode;
  req.flags = open_flags(ctx);
  req.diag = &ctx.diag;
  req.config = &ctx.config;
  if (mode != OpenMode::kRead) {
    const MapTypeInfo* info = find_map_type(type);
    if (info != nullptr && !info->can_create && !info->opens_writable) {
      throw FatalError(type + ":" + name + " map requires O_RDONLY access mode");
    }
  }
  return open_map(type + ":" + name, req);
}

void warn_empty_result(Diagnostics& diag, const std::string& table, std::string_view key) {
  diag.warning("table " + table + ": key " + std::string(key) +
               ": empty string result is not allowed");
  diag.warning("table " + table + " should return NO RESULT in case of NOT FOUND");
}

// Postfix's UTF-8 layer refuses a malformed key before the table sees it
// (smtputf8_enable without -u): a warning, then "not found" for a lookup
// but "deleted" for a delete, as Postfix reports.
bool refuse_non_utf8(const Context& ctx, const Dict& dict, std::string_view key) {
  if (!ctx.utf8_active || valid_utf8(key)) return false;
  ctx.diag.warning(dict.type_name() + ": non-UTF-8 key \"" + printable(key, true) +
                   "\": malformed UTF-8 or invalid codepoint");
  return true;
}

Status lookup(const Context& ctx, Dict& dict, std::string_view key, std::string* value) {
  if (refuse_non_utf8(ctx, dict, key)) return Status::kNotFound;
  std::string buf;
  key = fold_key(ctx, key, &buf);
  errno = 0;
  Status st = dict.lookup(key, value);
  if (st == Status::kError) throw FatalError(table_error(dict.type_name(), "query"));
  return st;
}

bool remove(const Context& ctx, Dict& dict, std::string_view key) {
  if (refuse_non_utf8(ctx, dict, key)) return true;
  std::string buf;
  key = fold_key(ctx, key, &buf);
  errno = 0;
  Status st = dict.remove(key);
  if (st == Status::kError) throw FatalError(table_error(dict.type_name(), "delete"));
  return st == Status::kFound;
}

// Reads lines of standard input (without the newline) as Postfix's
// vstring_get_nonl(); keys are C strings, so text after a NUL is dropped.
bool next_key(std::string* key) {
  if (!std::getline(std::cin, *key)) return false;
  if (size_t nul = key->find('\0'); nul != std::string::npos) key->resize(nul);
  return true;
}

int query_stdin(const Context& ctx) {
  const std::vector<std::string>& maps = ctx.opts.maps;
  std::vector<std::unique_ptr<Dict>> dicts(maps.size());  // opened lazily, as Postfix
  bool found = false;
  std::string key, value;
  while (next_key(&key)) {
    for (size_t n = 0; n < maps.size(); ++n) {
      if (!dicts[n]) dicts[n] = open_table(ctx, maps[n], OpenMode::kRead);
      if (lookup(ctx, *dicts[n], key, &value) == Status::kFound) {
        if (value.empty()) warn_empty_result(ctx.diag, dicts[n]->type_name(), key);
        std::cout << key << ":\t" << value << '\n';
        found = true;
        break;
      }
    }
  }
  std::cout.flush();
  for (auto& d : dicts) {
    if (d) d->close();
  }
  return found ? 0 : 1;
}

}  // namespace

int query_keys(const Context& ctx) {
  const Options& o = ctx.opts;
  if (*o.query == "-") return query_stdin(ctx);
  std::string value;
  for (const std::string& operand : o.maps) {
    std::unique_ptr<Dict> dict = open_table(ctx, operand, OpenMode::kRead);
    bool found = lookup(ctx, *dict, *o.query, &value) == Status::kFound;
    if (found) {
      std::string type, name;
      split_operand(ctx, operand, &type, &name);
      if (value.empty()) warn_empty_result(ctx.diag, type + ":" + name, *o.query);
      std::cout << value << '\n';
    }
    std::cout.flush();
    dict->close();
    if (found) return 0;
  }
  return 1;
}

int list_map(const Context& ctx) {
  const Options& o = ctx.opts;
  if (o.maps.empty()) return 1;
  std::string type, name;
  split_operand(ctx, o.maps.front(), &type, &name);
  if (type == "proxy") throw FatalError("can't sequence maps via the proxy service");
  std::unique_ptr<Dict> dict = open_table(ctx, o.maps.front(), OpenMode::kRead);
  const std::string table = type + ":" + name;
  dict->sequence([&](std::string_view key, std::string_view value) {
    if (key.empty()) {
      ctx.diag.warning("table " + table + ": empty lookup key value is not allowed");
    } else if (value.empty()) {
      warn_empty_result(ctx.diag, table, key);
    }
    std::cout << key << ":\t" << value << '\n';
    return true;
  });
  std::cout.flush();
  dict->close();
  return 0;
}

int delete_keys(const Context& ctx) {
  const Options& o = ctx.opts;
  auto mode_for = [&](const std::string& operand) {
    std::string type, name;
    split_operand(ctx, operand, &type, &name);
    return type == "proxy" ? OpenMode::kUpdate : OpenMode::kUpdateExisting;
  };
  bool found = false;
  if (*o.delkey == "-") {
    std::vector<std::unique_ptr<Dict>> dicts;  // opened ahead, as Postfix
    for (const std::string& operand : o.maps) {
      dicts.push_back(open_table(ctx, operand, mode_for(operand)));
    }
    std::string key;
    while (next_key(&key)) {
      for (auto& d : dicts) found |= remove(ctx, *d, key);
    }
    for (auto& d : dicts) d->close();
    return found ? 0 : 1;
  }
  for (const std::string& operand : o.maps) {
    std::unique_ptr<Dict> dict = open_table(ctx, operand, mode_for(operand));
    found |= remove(ctx, *dict, *o.delkey);
    dict->close();
  }
  return found ? 0 : 1;
}

}  // namespace postkit::postalias
