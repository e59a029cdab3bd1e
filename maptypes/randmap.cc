// randmap.cc: the randmap type, "randmap:{value, value, ...}" (Postfix 3.2
// and later): every lookup returns one of the values, chosen at random with
// equal probability, whatever the key. Values keep their braces, as Postfix
// does ("randmap:{{a b}}" returns "{a b}").
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "composite_spec.h"
#include "dict.h"
#include "types.h"

namespace postkit {

namespace {

class RandDict : public Dict {
 public:
  RandDict(const OpenRequest& req, std::vector<std::string> values)
      : Dict(req), values_(std::move(values)), rng_(std::random_device{}()) {
    flags_ |= kPattern;
  }
  Status lookup(std::string_view, std::string* value) override {
    std::uniform_int_distribution<size_t> pick(0, values_.size() - 1);
    *value = values_[pick(rng_)];
    return Status::kFound;
  }

 private:
  std::vector<std::string> values_;
  std::mt19937_64 rng_;
};

}  // namespace

std::unique_ptr<Dict> open_randmap(const OpenRequest& req) {
  std::string bad =
      "bad syntax: \"" + req.type + ":" + req.name + "\"; need \"" + req.type + ":{value...}\"";
  std::string error;
  std::optional<std::string_view> body;
  if (req.name.empty() || req.name.front() != '{' || !(body = strip_braces(req.name, &error)))
    throw FatalError(bad);
  std::vector<std::string> values;
  for (std::string_view token : split_brace_list(*body)) values.emplace_back(token);
  if (values.empty()) throw FatalError(bad);
  return std::make_unique<RandDict>(req, std::move(values));
}

}  // namespace postkit
