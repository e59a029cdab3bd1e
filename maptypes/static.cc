// static.cc: the static map type: every lookup returns the table name
// ("static:value", or "static:{ value with spaces }"). No other operation.
#include <memory>
#include <string>

#include "composite_spec.h"
#include "dict.h"
#include "types.h"

namespace postkit {

namespace {

class StaticDict : public Dict {
 public:
  StaticDict(const OpenRequest& req, std::string value) : Dict(req), value_(std::move(value)) {
    flags_ |= kFixed;
  }
  Status lookup(std::string_view, std::string* value) override {
    *value = value_;
    return Status::kFound;
  }

 private:
  std::string value_;
};

}  // namespace

std::unique_ptr<Dict> open_static(const OpenRequest& req) {
  std::string value = req.name;
  if (!value.empty() && value.front() == '{') {
    std::string error;
    auto inner = strip_braces(req.name, &error);
    if (!inner) throw FatalError("bad static:name syntax: " + error);
    value = std::string(*inner);
  }
  return std::make_unique<StaticDict>(req, value);
}

}  // namespace postkit
