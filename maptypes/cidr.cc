// cidr.cc: the cidr map type (cidr_table(5)): "address[/len] result" rules,
// "!" negation and if/endif blocks, first match wins. Rules are parsed with
// Postfix 3.7's checks and warnings; lookups go through CidrIndex, so their
// cost grows with the number of prefix lengths in use, not with the rules.
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "cidr_index.h"
#include "dict.h"
#include "pattern_rules.h"
#include "types.h"

namespace postkit {

namespace {

using patterns::BlockTracker;
using patterns::kNoParent;
using patterns::RuleLine;

class CidrDict : public Dict {
 public:
  explicit CidrDict(const OpenRequest& req) : Dict(req) {
    flags_ |= kPattern;
    load();
  }

  Status lookup(std::string_view key, std::string* value) override {
    auto addr = parse_cidr_key(key);
    if (!addr) return Status::kNotFound;
    auto rule = index_.lookup(*addr);
    if (!rule) return Status::kNotFound;
    *value = values_[*rule];
    return Status::kFound;
  }

 private:
  // An IF of the table: its condition and the IF that encloses it.
  struct IfBlock {
    CidrPattern condition;
    size_t parent;
  };

  void warn_skip(long line, const std::string& text) {
    diag().warning("cidr map " + name_ + ", line " + std::to_string(line) + ": " + text +
                   ": skipping this rule");
  }

  void load() {
    std::vector<RuleLine> lines = patterns::read_rule_lines(name_, "cidr", diag());
    BlockTracker blocks;
    for (const RuleLine& l : lines) parse_rule(l, blocks);
    for (long line : blocks.unclosed())
      diag().warning("cidr map " + name_ + ", line " + std::to_string(line) +
                     ": IF has no matching ENDIF");
    index_.build();
  }

  void parse_rule(const RuleLine& l, BlockTracker& blocks) {
    std::string_view p = l.text;
    if (patterns::starts_keyword(p, "IF")) {
      CidrPattern cond;
      if (auto err = parse_cidr_pattern(patterns::skip_space(p.substr(2)), &cond)) {
        warn_skip(l.line, *err);
        return;
      }
      ifs_.push_back({cond, blocks.parent()});
      blocks.open_if(ifs_.size() - 1, l.line);
      return;
    }
    if (patterns::starts_keyword(p, "ENDIF")) {
      if (!patterns::skip_space(p.substr(5)).empty())
        warn_skip(l.line, "garbage after ENDIF");
      else if (!blocks.nested())
        warn_skip(l.line, "ENDIF without IF");
      else
        blocks.close_endif();
      return;
    }
    // "[!...]pattern value": negations may be separated by whitespace.
    size_t i = 0;
    while (i < p.size() && (p[i] == '!' || std::isspace(static_cast<unsigned char>(p[i])))) ++i;
    while (i < p.size() && !std::isspace(static_cast<unsigned char>(p[i]))) ++i;
    CidrPattern own;
    if (auto err = parse_cidr_pattern(p.substr(0, i), &own)) {
      warn_skip(l.line, *err);
      return;
    }
    std::string_view value = patterns::skip_space(p.substr(i));
    if (value.empty()) {
      warn_skip(l.line, "no lookup result");
      return;
    }
    std::vector<CidrPattern> conditions;
    for (size_t b = blocks.parent(); b != kNoParent; b = ifs_[b].parent)
      conditions.insert(conditions.begin(), ifs_[b].condition);
    conditions.push_back(own);
    index_.add(static_cast<uint32_t>(values_.size()), conditions);
    values_.emplace_back(value);
  }

  std::vector<IfBlock> ifs_;
  std::vector<std::string> values_;  // by rule number
  CidrIndex index_;
};

}  // namespace

std::unique_ptr<Dict> open_cidr(const OpenRequest& req) {
  if (req.mode != OpenMode::kRead)
    throw FatalError("cidr:" + req.name + " map requires O_RDONLY access mode");
  return std::make_unique<CidrDict>(req);
}

}  // namespace postkit
