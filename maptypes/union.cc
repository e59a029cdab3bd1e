// union.cc: the unionmap type, "unionmap:{type:name, ...}" (Postfix 3.0 and
// later): looks the key up in every component and returns all results
// joined with ",", in component order. Not found when no component has the
// key; a failing component makes the whole lookup fail.
#include <memory>
#include <string>
#include <vector>

#include "composite_open.h"
#include "types.h"

namespace postkit {

namespace {

class UnionDict : public Dict {
 public:
  explicit UnionDict(const OpenRequest& req) : Dict(req), parts_(open_components(req)) {}

  Status lookup(std::string_view key, std::string* value) override {
    std::string result, part;
    bool found = false;
    for (auto& d : parts_) {
      Status s = d->lookup(key, &part);
      if (s.failed()) return s;
      if (s == Status::kFound) {
        if (found) result += ',';
        result += part;
        found = true;
      }
    }
    if (!found) return Status::kNotFound;
    *value = std::move(result);
    return Status::kFound;
  }

 private:
  std::vector<std::unique_ptr<Dict>> parts_;
};

}  // namespace

std::unique_ptr<Dict> open_unionmap(const OpenRequest& req) {
  return std::make_unique<UnionDict>(req);
}

}  // namespace postkit
