// patterns_random_test.cc: randomized differential test of the indexed
// cidr/regexp/pcre tables against a naive linear reference that scans the
// rules in order the way Postfix does (IF jumps to its ENDIF, first match
// wins). Thousands of random tables and keys with fixed seeds.
#include <regex.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "../tests/patterns/random_tables.h"
#include "cidr_index.h"
#include "types.h"

#include <gtest/gtest.h>

namespace postkit {
namespace {

using testing::RandomTable;
using testing::TableGenerator;
using testing::TableItem;
using testing::TableKind;

// A predicate for one valid item: nullopt = no match, else the result.
using Matcher = std::function<std::optional<std::string>(const std::string& key)>;

// Postfix's sequential scan over the valid items.
struct LinearTable {
  struct Rule {
    TableItem::Op op;
    Matcher test;  // kMatch: result; kIf: non-null when the condition holds
    size_t endif = SIZE_MAX;
  };
  std::vector<Rule> rules;

  void add(TableItem::Op op, Matcher m, std::vector<size_t>* stack) {
    if (op == TableItem::kEndif) {
      if (stack->empty()) return;
      rules[stack->back()].endif = rules.size();
      stack->pop_back();
    }
    rules.push_back({op, std::move(m)});
    if (op == TableItem::kIf) stack->push_back(rules.size() - 1);
  }

  std::optional<std::string> lookup(const std::string& key) const {
    for (size_t i = 0; i < rules.size(); ++i) {
      const Rule& r = rules[i];
      if (r.op == TableItem::kMatch) {
        if (auto v = r.test(key)) return v;
      } else if (r.op == TableItem::kIf && !r.test(key)) {
        if (r.endif == SIZE_MAX) return std::nullopt;
        i = r.endif;
      }
    }
    return std::nullopt;
  }
};

// "rN" or "rN-$1-${1}$$" with group 1 = g1.
std::string expand(const std::string& value, const std::string& g1) {
  size_t d = value.find('$');
  if (d == std::string::npos) return value;
  return value.substr(0, d) + g1 + "-" + g1 + "$";
}

LinearTable linear_cidr(const RandomTable& t) {
  LinearTable lt;
  std::vector<size_t> stack;
  for (const TableItem& item : t.items) {
    if (item.op == TableItem::kJunk) continue;
    if (item.op == TableItem::kEndif) {
      lt.add(TableItem::kEndif, nullptr, &stack);
      continue;
    }
    CidrPattern p;
    if (parse_cidr_pattern(item.pattern, &p)) continue;  // invalid: skipped
    std::string value = item.value;
    lt.add(
        item.op,
        [p, value](const std::string& key) -> std::optional<std::string> {
          auto a = parse_cidr_key(key);
          if (!a || !cidr_satisfies(p, *a)) return std::nullopt;
          return value.empty() ? "if" : value;
        },
        &stack);
  }
  return lt;
}

// Splits "[!]/body/flags".
void split_regex(const std::string& pattern, bool* match, std::string* body, std::string* flags) {
  size_t i = 0;
  *match = true;
  while (pattern[i] == '!') *match = !*match, ++i;
  size_t last = pattern.rfind('/');
  *body = pattern.substr(i + 1, last - i - 1);
  *flags = pattern.substr(last + 1);
}

LinearTable linear_regexp(const RandomTable& t) {
  LinearTable lt;
  std::vector<size_t> stack;
  for (const TableItem& item : t.items) {
    if (item.op == TableItem::kJunk) continue;
    if (item.op == TableItem::kEndif) {
      lt.add(TableItem::kEndif, nullptr, &stack);
      continue;
    }
    bool match;
    std::string body, flags;
    split_regex(item.pattern, &match, &body, &flags);
    int options = REG_EXTENDED | REG_ICASE;
    for (char f : flags) options ^= f == 'i' ? REG_ICASE : f == 'm' ? REG_NEWLINE : REG_EXTENDED;
    auto raw = std::make_unique<regex_t>();
    if (regcomp(raw.get(), body.c_str(), options) != 0) continue;  // invalid: skipped
    auto re = std::shared_ptr<regex_t>(raw.release(), [](regex_t* r) {
      regfree(r);
      delete r;
    });
    bool subs = item.value.find('$') != std::string::npos;
    if (subs && re->re_nsub < 1) continue;
    // The optional second pattern: "!/re/" must not match, "!!/re/" must.
    std::shared_ptr<regex_t> re2;
    bool match2 = false;
    if (!item.second.empty()) {
      std::string body2, flags2;
      split_regex(item.second, &match2, &body2, &flags2);
      int options2 = REG_EXTENDED | REG_ICASE | REG_NOSUB;
      for (char f : flags2)
        options2 ^= f == 'i' ? REG_ICASE : f == 'm' ? REG_NEWLINE : REG_EXTENDED;
      auto raw2 = std::make_unique<regex_t>();
      if (regcomp(raw2.get(), body2.c_str(), options2) != 0) continue;
      re2 = std::shared_ptr<regex_t>(raw2.release(), [](regex_t* r) {
        regfree(r);
        delete r;
      });
    }
    std::string value = item.value;
    lt.add(
        item.op,
        [re, match, re2, match2, value](const std::string& key) -> std::optional<std::string> {
          regmatch_t m[2];
          int rc = regexec(re.get(), key.c_str(), 2, m, 0);
          if ((rc == 0) != match) return std::nullopt;
          if (re2 && (regexec(re2.get(), key.c_str(), 0, nullptr, 0) == 0) != match2)
            return std::nullopt;
          std::string g1;
          if (rc == 0 && m[1].rm_so >= 0) g1 = key.substr(m[1].rm_so, m[1].rm_eo - m[1].rm_so);
          return value.empty() ? "if" : expand(value, g1);
        },
        &stack);
  }
  return lt;
}

LinearTable linear_pcre(const RandomTable& t) {
  LinearTable lt;
  std::vector<size_t> stack;
  for (const TableItem& item : t.items) {
    if (item.op == TableItem::kJunk) continue;
    if (item.op == TableItem::kEndif) {
      lt.add(TableItem::kEndif, nullptr, &stack);
      continue;
    }
    bool match;
    std::string body, flags;
    split_regex(item.pattern, &match, &body, &flags);
    uint32_t options = PCRE2_CASELESS | PCRE2_DOTALL;
    for (char f : flags) {
      switch (f) {
        case 'i':
          options ^= PCRE2_CASELESS;
          break;
        case 'm':
          options ^= PCRE2_MULTILINE;
          break;
        case 's':
          options ^= PCRE2_DOTALL;
          break;
        case 'x':
          options ^= PCRE2_EXTENDED;
          break;
        case 'A':
          options ^= PCRE2_ANCHORED;
          break;
        case 'E':
          options ^= PCRE2_DOLLAR_ENDONLY;
          break;
        case 'U':
          options ^= PCRE2_UNGREEDY;
          break;
      }
    }
    int err;
    PCRE2_SIZE off;
    pcre2_code* raw = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(body.c_str()),
                                    PCRE2_ZERO_TERMINATED, options, &err, &off, nullptr);
    if (!raw) continue;
    auto code = std::shared_ptr<pcre2_code>(raw, pcre2_code_free);
    uint32_t captures = 0;
    pcre2_pattern_info(raw, PCRE2_INFO_CAPTURECOUNT, &captures);
    bool subs = item.value.find('$') != std::string::npos;
    if (subs && captures < 1) continue;
    std::string value = item.value;
    lt.add(
        item.op,
        [code, match, value](const std::string& key) -> std::optional<std::string> {
          auto md = std::shared_ptr<pcre2_match_data>(
              pcre2_match_data_create_from_pattern(code.get(), nullptr), pcre2_match_data_free);
          int rc = pcre2_match(code.get(), reinterpret_cast<PCRE2_SPTR>(key.c_str()), key.size(), 0,
                               0, md.get(), nullptr);
          if ((rc > 0) != match) return std::nullopt;
          std::string g1;
          if (rc > 1) {
            PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
            if (ov[2] != PCRE2_UNSET) g1 = key.substr(ov[2], ov[3] - ov[2]);
          }
          return value.empty() ? "if" : expand(value, g1);
        },
        &stack);
  }
  return lt;
}

// Writes the table to a temporary file and opens it with the real type.
class TempTable {
 public:
  explicit TempTable(const std::string& text) {
    // /dev/shm when present: the test writes thousands of small files.
    std::string dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string tmpl = dir + "/patterns_random_XXXXXX";
    std::vector<char> path(tmpl.begin(), tmpl.end());
    path.push_back(0);
    int fd = mkstemp(path.data());
    EXPECT_GE(fd, 0);
    ::close(fd);
    path_ = path.data();
    std::ofstream(path_) << text;
  }
  ~TempTable() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void run_kind(TableKind kind, uint64_t seed, int tables) {
  TableGenerator gen(seed);
  int compared = 0, found = 0;
  for (int n = 0; n < tables; ++n) {
    RandomTable t = gen.make(kind, 1 + n % 40, 30);
    TempTable file(t.text);
    std::ostringstream err;
    Diagnostics diag("postmap", err);
    OpenRequest req;
    req.diag = &diag;
    req.name = file.path();
    std::unique_ptr<Dict> dict;
    LinearTable ref;
    switch (kind) {
      case TableKind::kCidr:
        req.type = "cidr", dict = open_cidr(req), ref = linear_cidr(t);
        break;
      case TableKind::kRegexp:
        req.type = "regexp", dict = open_regexp(req), ref = linear_regexp(t);
        break;
      case TableKind::kPcre:
        req.type = "pcre", dict = open_pcre(req), ref = linear_pcre(t);
        break;
    }
    for (const std::string& key : t.keys) {
      std::string got;
      Status s = dict->lookup(key, &got);
      std::optional<std::string> want = ref.lookup(key);
      ASSERT_EQ(s == Status::kFound, want.has_value()) << "key " << key << " table:\n"
                                                       << t.text << (want ? *want : "");
      if (want) {
        ASSERT_EQ(got, *want) << "key " << key << " table:\n" << t.text;
        ++found;
      }
      ++compared;
    }
  }
  // The generator must produce hits, or the comparison proves little.
  EXPECT_GT(found, compared / 10);
}

TEST(PatternsRandom, CidrMatchesLinearScan) {
  run_kind(TableKind::kCidr, 1, 3000);
}
TEST(PatternsRandom, RegexpMatchesLinearScan) {
  run_kind(TableKind::kRegexp, 2, 3000);
}
TEST(PatternsRandom, PcreMatchesLinearScan) {
  run_kind(TableKind::kPcre, 3, 3000);
}

}  // namespace
}  // namespace postkit
