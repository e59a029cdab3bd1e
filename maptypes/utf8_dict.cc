// utf8_dict.cc: the UTF-8 layer around every opened table (see utf8_dict.h).
#include "utf8_dict.h"

#include <string>
#include <utility>

namespace postkit {

namespace {

constexpr std::string_view kWhy = "malformed UTF-8 or invalid codepoint";

class Utf8Dict : public Dict {
 public:
  Utf8Dict(std::unique_ptr<Dict> inner, const OpenRequest& req)
      : Dict(req), inner_(std::move(inner)) {}

  unsigned flags() const override { return inner_->flags(); }
  void set_flags(unsigned flags) override { inner_->set_flags(flags); }

  Status lookup(std::string_view key, std::string* value) override {
    if (!valid_utf8(key)) {
      warn_key(key);
      return Status::kNotFound;
    }
    Status st = inner_->lookup(key, value);
    if (st == Status::kFound && !valid_utf8(*value)) return bad_value(key, *value, true);
    return st;
  }

  Status update(std::string_view key, std::string_view value) override {
    if (!valid_utf8(key)) {
      warn_key(key);
      return Status::kNotFound;
    }
    if (!valid_utf8(value)) {
      (void)bad_value(key, value, false);
      return Status::kNotFound;
    }
    return inner_->update(key, value);
  }

  Status remove(std::string_view key) override {
    if (!valid_utf8(key)) {
      warn_key(key);
      return Status::kFound;  // Postfix's DICT_STAT_SUCCESS: "deleted"
    }
    return inner_->remove(key);
  }

  Status sequence(const Visitor& visit) override { return inner_->sequence(visit); }
  void close() override { inner_->close(); }

 private:
  std::string label() const { return type_name() + ": "; }
  void warn_key(std::string_view key) {
    diag().warning(label() + "non-UTF-8 key \"" + printable(key, true) +
                   "\": " + std::string(kWhy));
  }
  Status bad_value(std::string_view key, std::string_view value, bool is_error) {
    std::string text = label() + "key \"" + printable(key, true) + "\": non-UTF-8 value \"" +
                       printable(value, true) + "\": " + std::string(kWhy);
    diag().warning(text);
    if (!is_error) return Status::kOk;
    return Status::config(std::move(text));
  }

  std::unique_ptr<Dict> inner_;
};

}  // namespace

std::unique_ptr<Dict> with_utf8_checks(std::unique_ptr<Dict> inner, const OpenRequest& req) {
  if (!inner || !has(inner->flags(), kUtf8Request)) return inner;
  OpenRequest outer = req;
  outer.type = inner->type();
  outer.name = inner->name();
  return std::make_unique<Utf8Dict>(std::move(inner), outer);
}

}  // namespace postkit
