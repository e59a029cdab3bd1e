// query.cc: postmap -q (one key, or keys from standard input with "-q -",
// optionally in header/body mode), -s (list) and -d (delete), with Postfix
// 3.7's output format, warnings and exit statuses: -q and -d exit 0 when
// something was found, -s lists the first table only.
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include "postmap.h"
#include "registry.h"
#include "table_error.h"

namespace postkit::postmap {
namespace {

std::unique_ptr<Dict> open_table(const Context& ctx, const std::string& type,
                                 const std::string& name, OpenMode mode) {
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

// Looks up key; with -F decodes the base64 value. Fatal on a lookup error.
Status lookup(const Context& ctx, Dict& dict, std::string_view key, std::string* value) {
  if (ctx.utf8_active && !valid_utf8(key)) {
    // Postfix's UTF-8 layer refuses such a key before the table sees it.
    ctx.diag.warning(dict.type_name() + ": non-UTF-8 key \"" + printable(key, true) +
                     "\": malformed UTF-8 or invalid codepoint");
    return Status::kNotFound;
  }
  errno = 0;
  Status st = dict.lookup(key, value);
  if (st == Status::kError) throw FatalError(table_error(dict.type_name(), "query"));
  if (st == Status::kFound && ctx.opts.rhs_is_file) {
    std::optional<std::string> raw = base64_decode(*value);
    if (!raw) {
      ctx.diag.warning("table " + dict.type_name() + ": key " + std::string(key) +
                       ": malformed BASE64 value: " + value->substr(0, 30));
      throw FatalError("table " + dict.type_name() + ": query error");
    }
    *value = std::move(*raw);
  }
  return st;
}

// The lazily opened tables of one "-q -" or "-d -" run.
class Tables {
 public:
  Tables(const Context& ctx, OpenMode mode) : ctx_(ctx), mode_(mode) {
    dicts_.resize(ctx.opts.maps.size());
  }
  size_t size() const { return dicts_.size(); }
  Dict& get(size_t i) {
    if (!dicts_[i]) {
      std::string type, name;
      split_operand(ctx_, ctx_.opts.maps[i], &type, &name);
      dicts_[i] = open_table(ctx_, type, name, mode_);
    }
    return *dicts_[i];
  }
  void close() {
    for (auto& d : dicts_) {
      if (d) d->close();
    }
  }

 private:
  const Context& ctx_;
  OpenMode mode_;
  std::vector<std::unique_ptr<Dict>> dicts_;
};

// Looks key up in each table in turn; prints "key<TAB>value" for the first hit.
bool query_one_of(const Context& ctx, Tables& tables, std::string_view key, std::string& value) {
  for (size_t n = 0; n < tables.size(); ++n) {
    Dict& dict = tables.get(n);
    if (lookup(ctx, dict, key, &value) == Status::kFound) {
      if (value.empty()) warn_empty_result(ctx.diag, dict.type_name(), key);
      std::cout << key << '\t' << value << '\n';
      return true;
    }
  }
  return false;
}

int query_stdin(const Context& ctx) {
  const Options& o = ctx.opts;
  Tables tables(ctx, OpenMode::kRead);
  LineInput in(0);
  bool found = false;
  std::string value;
  if (!o.header_key && !o.body_key) {
    while (std::optional<std::string_view> key = in.next()) {
      // Postfix handles keys as C strings.
      std::string_view k = key->substr(0, std::min(key->find('\0'), key->size()));
      found |= query_one_of(ctx, tables, k, value);
    }
  } else {
    scan_message(in, o.header_key, o.body_key, o.mime_key,
                 [&](std::string_view key) { found |= query_one_of(ctx, tables, key, value); });
  }
  std::cout.flush();
  tables.close();
  return found ? 0 : 1;
}

}  // namespace

int query_keys(const Context& ctx) {
  const Options& o = ctx.opts;
  if (*o.query == "-") return query_stdin(ctx);
  std::string value;
  for (const std::string& operand : o.maps) {
    std::string type, name;
    split_operand(ctx, operand, &type, &name);
    std::unique_ptr<Dict> dict = open_table(ctx, type, name, OpenMode::kRead);
    if (lookup(ctx, *dict, *o.query, &value) == Status::kFound) {
      if (value.empty()) warn_empty_result(ctx.diag, type + ":" + name, *o.query);
      std::cout << value << '\n';
      std::cout.flush();
      dict->close();
      return 0;
    }
    dict->close();
  }
  return 1;
}

int list_map(const Context& ctx) {
  const Options& o = ctx.opts;
  if (o.maps.empty()) return 1;
  std::string type, name;
  split_operand(ctx, o.maps.front(), &type, &name);
  if (type == "proxy") throw FatalError("can't sequence maps via the proxy service");
  std::unique_ptr<Dict> dict = open_table(ctx, type, name, OpenMode::kRead);
  const std::string table = type + ":" + name;
  errno = 0;
  Status st = dict->sequence([&](std::string_view key, std::string_view value) {
    if (key.empty()) {
      ctx.diag.warning("table " + table + ": empty lookup key value is not allowed");
    } else if (value.empty()) {
      warn_empty_result(ctx.diag, table, key);
    }
    if (o.rhs_is_file) {
      std::optional<std::string> raw = base64_decode(value);
      if (!raw) {
        ctx.diag.warning("table " + dict->type_name() + ": key " + std::string(key) +
                         ": malformed BASE64 value: " + std::string(value.substr(0, 30)));
        return true;
      }
      std::cout << key << '\t' << *raw << '\n';
      return true;
    }
    std::cout << key << '\t' << value << '\n';
    return true;
  });
  std::cout.flush();
  if (st == Status::kError) throw FatalError(table_error(table, "sequence"));
  dict->close();
  return 0;
}

// Deletes key; a failing table is fatal ("delete error: %m"), as in Postfix.
bool remove_key(Dict& dict, std::string_view key) {
  errno = 0;
  Status st = dict.remove(key);
  if (st == Status::kError) throw FatalError(table_error(dict.type_name(), "delete"));
  return st == Status::kFound;
}

int delete_keys(const Context& ctx) {
  const Options& o = ctx.opts;
  bool found = false;
  if (*o.delkey == "-") {
    Tables tables(ctx, OpenMode::kUpdateExisting);
    for (size_t n = 0; n < tables.size(); ++n) tables.get(n);  // opened ahead, as Postfix
    LineInput in(0);
    while (std::optional<std::string_view> key = in.next()) {
      std::string_view k = key->substr(0, std::min(key->find('\0'), key->size()));
      for (size_t n = 0; n < tables.size(); ++n) {
        found |= remove_key(tables.get(n), k);
      }
    }
    tables.close();
    return found ? 0 : 1;
  }
  for (const std::string& operand : o.maps) {
    std::string type, name;
    split_operand(ctx, operand, &type, &name);
    std::unique_ptr<Dict> dict = open_table(ctx, type, name, OpenMode::kUpdateExisting);
    found |= remove_key(*dict, *o.delkey);
    dict->close();
  }
  return found ? 0 : 1;
}

}  // namespace postkit::postmap
