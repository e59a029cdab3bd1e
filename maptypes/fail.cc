// fail.cc: the fail map type: every lookup, iteration, update and delete fails (a table
// that is deliberately unavailable, for testing error handling). The
// command reports the failure ("table fail:NAME: query error ...").
#include <memory>

#include "dict.h"
#include "types.h"

namespace postkit {

namespace {

class FailDict : public Dict {
 public:
  explicit FailDict(const OpenRequest& req) : Dict(req) { flags_ |= kPattern; }
  // Postfix's dict_fail fails every operation with DICT_ERR_RETRY.
  Status lookup(std::string_view, std::string*) override { return failure(); }
  Status sequence(const Visitor&) override { return failure(); }
  Status update(std::string_view, std::string_view) override { return failure(); }
  Status remove(std::string_view) override { return failure(); }

 private:
  Status failure() const { return Status::retry("table " + type_name() + " is a fail: table"); }
};

}  // namespace

std::unique_ptr<Dict> open_fail(const OpenRequest& req) {
  return std::make_unique<FailDict>(req);
}

}  // namespace postkit
