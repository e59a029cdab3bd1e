// surrogate.cc: the stand-in for a table that could not be opened (see
// surrogate.h).
#include "surrogate.h"

#include <utility>

namespace postkit {

namespace {

class SurrogateDict : public Dict {
 public:
  SurrogateDict(const OpenRequest& req, std::string reason)
      : Dict(req), reason_(std::move(reason)) {}

  Status lookup(std::string_view, std::string*) override { return unavailable(); }
  Status update(std::string_view, std::string_view) override { return unavailable(); }
  Status remove(std::string_view) override { return unavailable(); }
  Status sequence(const Visitor&) override { return unavailable(); }

 private:
  Status unavailable() {
    std::string text = type_name() + " is unavailable. " + reason_;
    diag().warning(text);
    return Status::retry(std::move(text));
  }

  std::string reason_;
};

}  // namespace

std::unique_ptr<Dict> make_surrogate(const OpenRequest& req, std::string reason) {
  return std::make_unique<SurrogateDict>(req, std::move(reason));
}

}  // namespace postkit
