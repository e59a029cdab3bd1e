// pipe.cc: the pipemap type, "pipemap:{type:name, ...}" (Postfix 3.0 and
// later): the key goes to the first component, its result is the key for the
// next, and so on; the last result is the answer. Not found as soon as a
// component does not have its key; a failing component makes the lookup fail.
#include <memory>
#include <string>
#include <vector>

#include "composite_open.h"
#include "types.h"

namespace postkit {

namespace {

class PipeDict : public Dict {
 public:
  explicit PipeDict(const OpenRequest& req) : Dict(req), parts_(open_components(req)) {}

  Status lookup(std::string_view key, std::string* value) override {
    std::string current(key), next;
    for (auto& d : parts_) {
      Status s = d->lookup(current, &next);
      if (s != Status::kFound) return s;
      current.swap(next);
    }
    *value = std::move(current);
    return Status::kFound;
  }

 private:
  std::vector<std::unique_ptr<Dict>> parts_;
};

}  // namespace

std::unique_ptr<Dict> open_pipemap(const OpenRequest& req) {
  return std::make_unique<PipeDict>(req);
}

}  // namespace postkit
