// composite_test.cc: inline, static, unionmap, pipemap and randmap through
// the registry, including nesting and Postfix's syntax errors.
#include <sstream>

#include "registry.h"

#include <gtest/gtest.h>

namespace postkit {
namespace {

class Composite : public ::testing::Test {
 protected:
  std::optional<std::string> Q(const std::string& spec, const std::string& key,
                               unsigned flags = kFoldFix) {
    OpenRequest req;
    req.diag = &diag_;
    req.flags = flags;
    auto d = open_map(spec, req);
    std::string v;
    Status s = d->lookup(key, &v);
    if (s.failed()) return std::string("ERROR");
    if (s == Status::kNotFound) return std::nullopt;
    return v;
  }
  std::string Fatal(const std::string& spec) {
    try {
      Q(spec, "a");
    } catch (const FatalError& e) {
      return e.what();
    }
    return "no error";
  }
  std::ostringstream err_;
  Diagnostics diag_{"postmap", err_};
};

TEST_F(Composite, Inline) {
  EXPECT_EQ(Q("inline:{a=1, { b = x y }}", "b"), "x y");
  EXPECT_EQ(Q("inline:{a=1,a=2}", "a"), "2");
  EXPECT_EQ(Q("inline:{A=1}", "a"), "1");
  EXPECT_EQ(Q("inline:{A=1}", "a", 0), std::nullopt);
  EXPECT_EQ(Fatal("inline:{}"), "bad syntax: \"inline:{}\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(Fatal("inline:{a}"),
            "missing '=' after attribute name: \"inline:{a}\"; need \"inline:{name=value...}\"");
}

TEST_F(Composite, StaticAndRandom) {
  EXPECT_EQ(Q("static:{ two words }", "x"), "two words");
  EXPECT_EQ(Fatal("static:{a}b"), "bad static:name syntax: syntax error after '}' in \"{a}b\"");
  EXPECT_EQ(Q("randmap:{{a b}}", "x"), "{a b}");
  for (int i = 0; i < 20; ++i) {
    auto v = Q("randmap:{p, q}", "x");
    EXPECT_TRUE(v == "p" || v == "q");
  }
  EXPECT_EQ(Fatal("randmap:{}"), "bad syntax: \"randmap:{}\"; need \"randmap:{value...}\"");
}

TEST_F(Composite, UnionAndPipe) {
  EXPECT_EQ(Q("unionmap:{inline:{a=1}, inline:{b=2}, static:s}", "a"), "1,s");
  EXPECT_EQ(Q("unionmap:{inline:{b=1}}", "a"), std::nullopt);
  EXPECT_EQ(Q("unionmap:{static:x, fail:y}", "a"), "ERROR");
  EXPECT_EQ(Q("pipemap:{inline:{a=b}, inline:{b=c}}", "a"), "c");
  EXPECT_EQ(Q("pipemap:{inline:{a=b}, inline:{x=c}}", "a"), std::nullopt);
  EXPECT_EQ(Q("pipemap:{inline:{a=b}, unionmap:{inline:{b=1}, static:2}}", "a"), "1,2");
  EXPECT_EQ(Fatal("unionmap:{static}"),
            "bad syntax: \"unionmap:{static}\"; need \"unionmap:{type:name...}\"");
  EXPECT_EQ(Fatal("pipemap:{}"), "bad syntax: \"pipemap:{}\"; need \"pipemap:{type:name...}\"");
  EXPECT_EQ(Fatal("static:"),
            "open dictionary: expecting \"type:name\" form instead of \"static:\"");
}

}  // namespace
}  // namespace postkit
