// environ.cc: the environ map type: looks the key up in the process
// environment (the table name is ignored). Keys are folded per kFoldFix,
// as Postfix does, so "postmap -q HOME environ:x" looks up "home" unless -f.
#include <cstdlib>
#include <memory>
#include <string>

#include "dict.h"
#include "types.h"

namespace postkit {

namespace {

class EnvironDict : public Dict {
 public:
  explicit EnvironDict(const OpenRequest& req) : Dict(req) { flags_ |= kFixed; }
  Status lookup(std::string_view key, std::string* value) override {
    std::string buf;
    std::string name(fold(key, buf));
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return Status::kNotFound;
    *value = v;
    return Status::kFound;
  }
};

}  // namespace

std::unique_ptr<Dict> open_environ(const OpenRequest& req) {
  return std::make_unique<EnvironDict>(req);
}

}  // namespace postkit
